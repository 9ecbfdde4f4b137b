// node compile.js IN.typ OUT.pdf [N]: compiles with Typst (typst.ts) once in a fresh process;
// with N, also N times more in process and prints the median in-process time.
// (npm install @myriaddreamin/typst-ts-node-compiler where node finds it, e.g. NODE_PATH)
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const fs = require('fs');
const [inp, out, n] = process.argv.slice(2);
const c = NodeCompiler.create({ workspace: '.', fontArgs: [{ fontPaths: [require('path').join(__dirname, '..', '..', 'fonts', 'default')] }] });
const src = fs.readFileSync(inp, 'utf8');
fs.writeFileSync(out, c.pdf({ mainFileContent: src }));
if (n) {
  const ts = [];
  for (let i = 0; i < +n; i++) { c.evictCache(0); const t = process.hrtime.bigint(); c.pdf({ mainFileContent: src + '\n// ' + i }); ts.push(Number(process.hrtime.bigint() - t) / 1e6); }
  ts.sort((a, b) => a - b); console.log('in process: median', ts[ts.length >> 1].toFixed(1), 'ms');
}
