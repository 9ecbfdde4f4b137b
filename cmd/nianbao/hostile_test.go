//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/internal/gen"
	"nianbao/internal/testenv"
)

// The hostile-input suite: files other people made, run through the real binary as a district
// office would. Every case states the exit status, what the messages must say, how long it may
// take, how much memory it may use, and exactly which files the output folder holds afterwards.

var bin string // the nianbao binary, built once by TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nianbao-bin")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "nianbao")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type outcome struct {
	code   int
	output string        // stdout and stderr
	took   time.Duration // wall-clock, for messages only
	cpu    time.Duration // user + system time: what the bounds judge
	rssMB  int64
}

// nianbao runs the binary in dir with a time limit.
func nianbao(t *testing.T, dir string, limit time.Duration, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NIANBAO_LANG=", "NIANBAO_FONT_DIRS="+filepath.Join(dir, "no-fonts"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	o := outcome{code: cmd.ProcessState.ExitCode(), output: out.String(), took: time.Since(start),
		cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ctx.Err() != nil {
		t.Fatalf("nianbao %s: still running after %v (killed)\n%s", strings.Join(args, " "), limit, o.output)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		o.rssMB = ru.Maxrss >> 10
	}
	_ = err
	if strings.Contains(o.output, "goroutine ") || strings.Contains(o.output, "panic:") {
		t.Errorf("nianbao %s printed a stack trace:\n%s", strings.Join(args, " "), o.output)
	}
	return o
}

// hostile is one case: setup writes files into dir (in/ and out/ exist) and returns the
// arguments; the rest is what must come out.
type hostile struct {
	name  string
	setup func(t *testing.T, dir string) []string
	code  int
	want  []string      // every one appears in the output
	not   []string      // none appears in the output
	limit time.Duration // bound on the CPU time it takes (0: 10 s); not wall-clock, which load stretches
	rssMB int64         // peak-memory bound (0: 200 MB)
	out   []string      // exactly the files out/ holds afterwards (nil: it is empty)
}

func write(t *testing.T, p, s string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func fifo(t *testing.T, p string) string {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// report is generated report i (a township of 宁和县 …), with edits (old, new pairs).
func report(i int, edits ...string) string {
	return strings.NewReplacer(edits...).Replace(gen.Report(i, 1))
}

// outputs names the three outputs of generated report i.
func outputs(i int) []string {
	src := gen.Report(i, 1)
	organ := strings.SplitN(strings.SplitN(src, "organ = \"", 2)[1], "\"", 2)[0]
	base := organ + "-2023"
	return []string{base + ".docx", base + ".json", base + ".pdf"}
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return out
}

func TestHostile(t *testing.T) {
	build := func(extra ...string) func(...string) []string {
		return func(files ...string) []string {
			return append(append([]string{"build", "--no-system-fonts", "-o", "out"}, extra...), files...)
		}
	}
	cases := []hostile{
		// 1. bounded, isolated reads: the bad files fail alone, the good one builds
		{name: "batch of pipes, devices, huge and folders", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			fifo(t, filepath.Join(dir, "in", "b-fifo.toml"))
			os.Symlink("/dev/zero", filepath.Join(dir, "in", "c-zero.toml"))
			write(t, filepath.Join(dir, "in", "d-huge.toml"), "# "+strings.Repeat("x", 5<<20)+"\n")
			os.Mkdir(filepath.Join(dir, "in", "e-folder.toml"), 0o755)
			return build()("in")
		}, code: 2, want: []string{"b-fifo.toml: 不是普通文件", "c-zero.toml: 不是普通文件", "d-huge.toml: 文件太大（超过 4 MB）",
			"e-folder.toml: 这是一个文件夹", "共 5 份，成功 1 份，失败 4 份"}, out: outputs(0)},
		{name: "check a pipe", setup: func(t *testing.T, dir string) []string {
			return []string{"check", fifo(t, filepath.Join(dir, "in", "p.toml"))}
		}, code: 2, want: []string{"p.toml: 不是普通文件（可能是管道、设备或套接字），不会读取"}},
		{name: "check a pipe, in English", setup: func(t *testing.T, dir string) []string {
			return []string{"--lang", "en", "check", fifo(t, filepath.Join(dir, "in", "p.toml"))}
		}, code: 2, want: []string{"p.toml: not a regular file (a pipe, device or socket): not read"}, not: []string{"不是"}},
		{name: "a pipe as theme", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--theme", fifo(t, filepath.Join(dir, "theme.toml")))("in/a.toml")
		}, code: 2, want: []string{"theme.toml: 主题文件：不是普通文件"}},
		{name: "/dev/zero as a font", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--font", "body=/dev/zero")("in/a.toml")
		}, code: 2, want: []string{"字体 /dev/zero：不是普通文件"}},
		{name: "a pipe as narrative file", setup: func(t *testing.T, dir string) []string {
			fifo(t, filepath.Join(dir, "in", "pipe.txt"))
			write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"pipe.txt\"\nproblems_old = \"\"\""))
			return build()("in/a.toml")
		}, code: 1, want: []string{"无法读取“pipe.txt”（五、存在的主要问题及改进情况）：不是普通文件"}},
		{name: "a huge narrative file", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "big.txt"), strings.Repeat("很长的文字。", 400_000))
			write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"big.txt\"\nproblems_old = \"\"\""))
			return build()("in/a.toml")
		}, code: 1, want: []string{"无法读取“big.txt”", "文件太大"}},
		{name: "a pipe as --prev", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return []string{"check", "--prev", fifo(t, filepath.Join(dir, "last.toml")), "in/a.toml"}
		}, code: 2, want: []string{"上年度数据文件（规则 R8）：", "last.toml: 不是普通文件"}},
		{name: "pipes as --units and sidecar", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			fifo(t, filepath.Join(dir, "in", "b.json"))
			return []string{"sum", "in", "--units", fifo(t, filepath.Join(dir, "units.txt")), "-o", "out/sum.toml"}
		}, code: 2, want: []string{"units.txt: 不是普通文件"}},
		{name: "a pipe among sidecars", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			fifo(t, filepath.Join(dir, "in", "b.json"))
			return []string{"sum", "in", "-o", "out/sum.toml"}
		}, code: 2, want: []string{"b.json: 不是普通文件", "未汇总"}},

		{name: "workbooks: a zip bomb, a pipe, not a zip", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			var bomb bytes.Buffer
			zw := zip.NewWriter(&bomb)
			w, _ := zw.Create("xl/worksheets/sheet1.xml")
			// written in pieces: a 100 MB buffer here would raise this process's peak RSS, which
			// Linux reports as the children's too (they start by vfork and inherit the mark)
			spaces := bytes.Repeat([]byte{' '}, 1<<20)
			for range 100 {
				w.Write(spaces)
			}
			zw.Close()
			write(t, filepath.Join(dir, "in", "b-bomb.xlsx"), bomb.String())
			fifo(t, filepath.Join(dir, "in", "c-fifo.xlsx"))
			write(t, filepath.Join(dir, "in", "d-text.xlsx"), "organ = 1\n")
			return build()("in")
		}, code: 2, want: []string{"b-bomb.xlsx: 错误 [R12 数据格式] 工作簿解压后过大", "c-fifo.xlsx: 不是普通文件", "d-text.xlsx: 错误 [R12 数据格式] 不是 Excel/WPS 工作簿",
			"共 4 份，成功 1 份，失败 3 份"}, limit: 10 * time.Second, rssMB: 150, out: outputs(0)},
		{name: "a Word narrative with a table of no known shape", setup: func(t *testing.T, dir string) []string {
			var doc bytes.Buffer
			zw := zip.NewWriter(&doc)
			w, _ := zw.Create("word/document.xml")
			w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl/></w:body></w:document>`))
			zw.Close()
			write(t, filepath.Join(dir, "in", "问题.docx"), doc.String())
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"问题.docx\"\nproblems_old = \"\"\"")))
		}, code: 1, want: []string{"问题.docx 第1个表格: 警告 [R15 Word 文稿]", "都对不上，未与数据核对", "缺少这一部分的正文"}},

		// 2. no fatal recursion
		{name: "a million [", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "deep.toml"), "year = 2023\nx = "+strings.Repeat("[", 1_000_000))}
		}, code: 1, want: []string{"deep.toml:2: 错误 [R12 数据格式] 嵌套太深"}, limit: 5 * time.Second, rssMB: 100},
		{name: "deep inline tables and dotted keys", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), "x = "+strings.Repeat("{a=", 100_000))
			write(t, filepath.Join(dir, "in", "b.toml"), strings.Repeat("a.", 100_000)+"b = 1\n")
			return build()("in")
		}, code: 1, want: []string{"a.toml:1: 错误 [R12 数据格式] 嵌套太深", "b.toml:1: 错误 [R12 数据格式] 嵌套太深"}, limit: 5 * time.Second, rssMB: 100},
		{name: "a deep theme", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--theme", write(t, filepath.Join(dir, "t.toml"), "a = "+strings.Repeat("[", 100_000)))("in/a.toml")
		}, code: 2, want: []string{"t.toml:1: 嵌套太深"}},

		// 3. *_file stays home
		{name: "problems_file = /etc/passwd", setup: func(t *testing.T, dir string) []string {
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"/etc/passwd\"\nproblems_old = \"\"\"")))
		}, code: 1, want: []string{"无法读取“/etc/passwd”", "只能读取数据文件所在文件夹内的文件"}, not: []string{"root:"}},
		{name: "problems_file escapes with ..", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "secret.txt"), "机密内容")
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"../secret.txt\"\nproblems_old = \"\"\"")))
		}, code: 1, want: []string{"只能读取数据文件所在文件夹内的文件"}, not: []string{"机密内容"}},
		{name: "problems_file is a link out of the folder", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "secret.txt"), "机密内容")
			os.MkdirAll(filepath.Join(dir, "in"), 0o755)
			os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(dir, "in", "link.txt"))
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"link.txt\"\nproblems_old = \"\"\"")))
		}, code: 1, want: []string{"只能读取数据文件所在文件夹内的文件"}, not: []string{"机密内容"}},
		{name: "prev key out of bounds", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "x", "a.toml"), report(0, "year = 2023\n", "year = 2023\nprev = \"../../../etc/passwd\"\n"))}
		}, code: 1, want: []string{"“prev”（上年度数据文件）“../../../etc/passwd”超出了允许的范围"}, not: []string{"root:"}},

		// 4. output sets
		{name: "names that differ only in case", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0, "organ = \"", "organ = \"ABC"))
			write(t, filepath.Join(dir, "in", "b.toml"), report(0, "organ = \"", "organ = \"abc"))
			return build()("in")
		}, code: 1, want: []string{"a.toml: 与其他文件的机关和年度相同", "b.toml: 与其他文件的机关和年度相同"}},
		{name: "a folder in the way of the DOCX", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "out", strings.TrimSuffix(outputs(0)[0], ".docx")+".docx", "keep"), "x")
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0)))
		}, code: 2, want: []string{"无法写入", ".docx"}, out: []string{strings.TrimSuffix(outputs(0)[0], ".docx") + ".docx/keep"}},

		// 5. a clash across shards is seen by every shard
		{name: "shard 1 of 2 sees a copy in shard 2", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			write(t, filepath.Join(dir, "in", "b.toml"), report(1))
			write(t, filepath.Join(dir, "in", "c-副本.toml"), report(1))
			return build("--shard", "1/2")("in") // a and c-副本; b is in shard 2
		}, code: 1, want: []string{"c-副本.toml: 与其他文件的机关和年度相同", "in/b.toml"}, out: outputs(0)},
		{name: "--shard with trailing junk", setup: func(t *testing.T, dir string) []string {
			return build("--shard", "2/2x")("in")
		}, code: 2, want: []string{"--shard 应写成 i/n", "2/2x"}},

		// 6. sum cannot double-count
		{name: "sum a data file and its copy", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			write(t, filepath.Join(dir, "in", "a - 副本.toml"), report(0))
			write(t, filepath.Join(dir, "in", "b.toml"), report(1))
			return []string{"sum", "in", "-o", "out/sum.toml"}
		}, code: 1, want: []string{"年度的报告出现了 2 次", "in/a - 副本.toml、in/a.toml", "未汇总"}},
		{name: "sum -o names an input", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return []string{"sum", "in", "-o", "in/a.toml"}
		}, code: 2, want: []string{"in/a.toml 既是输入又是输出"}},
		{name: "bad sidecar values", setup: func(t *testing.T, dir string) []string {
			for name, v := range map[string]string{"huge": "1e300", "neg": "-5", "frac": "1.9", "null": "null", "str": `"12"`} {
				write(t, filepath.Join(dir, "in", name+".json"), sidecar(t, dir, v))
			}
			return []string{"sum", "in", "-o", "out/sum.toml"}
		}, code: 1, want: []string{"huge.json: “table3.new”第 1 个值 1e300", "neg.json: “table3.new”第 1 个值 -5", "frac.json: “table3.new”第 1 个值 1.9",
			"null.json: “table3.new”第 1 个值 null", "str.json: “table3.new”第 1 个值 \"12\"", "未汇总"}},
		{name: "units missing and not on the list", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			write(t, filepath.Join(dir, "in", "b.toml"), report(1))
			r0 := gen.Report(0, 1)
			short := strings.SplitN(strings.SplitN(r0, "short_name = \"", 2)[1], "\"", 2)[0]
			return []string{"sum", "in", "--units", write(t, filepath.Join(dir, "units.txt"), short+"\n不存在乡\n"), "-o", "out/sum.toml"}
		}, code: 0, want: []string{"缺报单位：不存在乡", "不在名单中的单位："}, out: []string{"sum.toml"}},

		// 7. values
		{name: "a time is not a date", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), report(0, "date = 2024-01-", "date = 10:00:00\n#"))}
		}, code: 1, want: []string{"a.toml:7: 错误 [R12 数据格式] “date”（成文日期）应只写日期"}},
		{name: "year 0 and trailing junk", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0, "date = 2024-01-", "date = \"0年1月1日\"\n#"))
			write(t, filepath.Join(dir, "in", "b.toml"), report(1, "date = 2024-01-", "date = \"2024年1月20日以后\"\n#"))
			return []string{"check", "in"}
		}, code: 1, want: []string{"a.toml:7: 错误 [R12 数据格式] “date”（成文日期）“0年1月1日”无法识别", "b.toml:7: 错误 [R12 数据格式] “date”（成文日期）“2024年1月20日以后”无法识别"}},
		{name: "a date years away from the report's year", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), report(0, "year = 2023", "year = 2034"))}
		}, code: 1, want: []string{"与年度 2034 不符"}},

		// 8. nothing leaves the type area
		{name: "a 60-character signature", setup: func(t *testing.T, dir string) []string {
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "year = 2023\n", "year = 2023\nsignature = \""+strings.Repeat("宁和县人民政府", 9)[:180]+"\"\n")))
		}, code: 1, want: []string{"“signature”（署名）有 60 个字，最多 48 个"}},
		{name: "a 3,000-character title", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), report(0, "year = 2023\n", "year = 2023\ntitle = \""+strings.Repeat("政府信息公开", 500)+"\"\n"))}
		}, code: 1, want: []string{"“title”（标题）有 3000 个字，最多 72 个"}, limit: 3 * time.Second},

		// 9. themes
		{name: "theme: two %d", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--theme", write(t, filepath.Join(dir, "my.toml"), "[page_number]\nformat = \"第%d页共%d页\"\n"))("in/a.toml")
		}, code: 2, want: []string{"my.toml:2: 主题键“page_number.format”必须含有且只含有一个 %d"}},
		{name: "theme: body_pt = 200", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--theme", write(t, filepath.Join(dir, "my.toml"), "[size]\nbody_pt = 200\n"))("in/a.toml")
		}, code: 2, want: []string{"my.toml:2: 主题键“size.body_pt”"}},
		{name: "theme: top_mm = -500, in English", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return append([]string{"--lang", "en"}, build("--theme", write(t, filepath.Join(dir, "my.toml"), "[page]\n\ntop_mm = -500\n"))("in/a.toml")...)
		}, code: 2, want: []string{"my.toml:3: theme key page.top_mm must be from 0 to 2000 (is -500)"}},

		// 10. text hygiene
		{name: "U+FFFD from a wrong conversion", setup: func(t *testing.T, dir string) []string {
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), report(0, "一是公开栏", "一是\uFFFD\uFFFD栏"))}
		}, code: 1, want: []string{"替换符", "转换编码时已经损坏"}},
		{name: "an emoji", setup: func(t *testing.T, dir string) []string {
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "一是公开栏", "一是😀公开栏")))
		}, code: 1, want: []string{"U+1F600", "表情符号"}, not: []string{"扩展平面汉字"}},
		{name: "a UTF-16 file", setup: func(t *testing.T, dir string) []string {
			u := []byte{0xFF, 0xFE}
			for _, r := range "year = 2023\n" {
				u = append(u, byte(r), 0)
			}
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), string(u))}
		}, code: 1, want: []string{"UTF-16"}},
		{name: "a GB18030 file", setup: func(t *testing.T, dir string) []string {
			// 一平垣 in GBK, then 𠮷 in GB18030's four bytes
			return []string{"check", write(t, filepath.Join(dir, "in", "a.toml"), "organ = \"\xd2\xbb\xc6\xbd\xd4\xab\x95\x32\x82\x36\"\n")}
		}, code: 1, want: []string{"GBK/GB18030"}},
		{name: "pasted no-break and zero-width spaces", setup: func(t *testing.T, dir string) []string {
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "一是公开栏", "一是\u00a0公开\u200b栏\ufeff", "宁和县", "宁和\u200b县")))
		}, code: 0, out: outputs(0)},
	}
	runHostile(t, cases, 10*time.Second, 200)
}

// runHostile runs hostile cases in parallel: each runs the real binary and is judged by its exit
// status, messages, CPU time (a hang guard: the child is killed well past the bound, and CPU time
// does not grow with the machine's load as wall time does), peak memory (the child's rusage) and
// the exact files of out/. limit and rssMB are the bounds of cases that give none.
func runHostile(t *testing.T, cases []hostile, limit time.Duration, rssMB int64) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "in"), 0o755)
			os.MkdirAll(filepath.Join(dir, "out"), 0o755)
			args := c.setup(t, dir)
			bound := c.limit
			if bound == 0 {
				bound = limit
			}
			o := nianbao(t, dir, bound*3+time.Minute, args...) // killed if it hangs
			t.Logf("exit %d in %v (%v of CPU), peak RSS %d MB", o.code, o.took.Round(time.Millisecond), o.cpu.Round(time.Millisecond), o.rssMB)
			if o.code != c.code {
				t.Errorf("exit %d, want %d\n%s", o.code, c.code, o.output)
			}
			for _, w := range c.want {
				if !strings.Contains(o.output, w) {
					t.Errorf("the output lacks %q:\n%s", w, o.output)
				}
			}
			for _, w := range c.not {
				if strings.Contains(o.output, w) {
					t.Errorf("the output has %q:\n%.2000s", w, o.output)
				}
			}
			if o.cpu > bound {
				t.Errorf("took %v of CPU time (%v in all), bound %v", o.cpu, o.took, bound)
			}
			rss := c.rssMB
			if rss == 0 {
				rss = rssMB
			}
			if o.rssMB > rss {
				t.Errorf("peak RSS %d MB, bound %d MB", o.rssMB, rss)
			}
			got := listFiles(t, filepath.Join(dir, "out"))
			want := slices.Clone(c.out)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("out/ holds %v, want %v", got, want)
			}
		})
	}
}

// listFiles lists every file under dir, hidden ones included, sorted.
func listFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// sidecar is a generated report's sidecar with table3.new's first value replaced by v, as a
// hand edit would leave it.
func sidecar(t *testing.T, dir, v string) string {
	t.Helper()
	tmp := t.TempDir()
	write(t, filepath.Join(tmp, "a.toml"), report(0))
	if o := nianbao(t, tmp, 20*time.Second, "build", "--no-system-fonts", "a.toml", "-o", "o"); o.code != 0 {
		t.Fatal(o.output)
	}
	js, _ := filepath.Glob(filepath.Join(tmp, "o", "*.json"))
	b, err := os.ReadFile(js[0])
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\"key\": \"new\"")
	j := i + strings.Index(s[i:], "\"values\": [") + len("\"values\": [")
	k := j + strings.IndexAny(s[j:], ",]")
	return s[:j] + "\n  " + v + s[k:]
}

// TestHostileOutputSets: what a district does over days to one output folder.
func TestHostileOutputSets(t *testing.T) {
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "in", "a.toml"), report(0))
	b := write(t, filepath.Join(dir, "in", "b.toml"), report(1))
	run := func(code int, want string, args ...string) outcome {
		t.Helper()
		o := nianbao(t, dir, 30*time.Second, args...)
		if o.code != code || !strings.Contains(o.output, want) {
			t.Fatalf("nianbao %s: exit %d (want %d), output lacks %q:\n%s", strings.Join(args, " "), o.code, code, want, o.output)
		}
		return o
	}
	expect := func(want ...string) {
		t.Helper()
		if got := listFiles(t, filepath.Join(dir, "out")); !slices.Equal(got, concat(want)) {
			t.Fatalf("out/ holds %v, want %v", got, concat(want))
		}
	}
	run(0, "共 2 份，成功 2 份", "build", "--no-system-fonts", "in", "-o", "out")
	expect(concat(outputs(0), outputs(1))...)
	// a killed run left a temporary; a broken edit makes b fail: b's old set goes, the summary says so
	write(t, filepath.Join(dir, "out", ".nb-12345678.tmp"), "half a PDF")
	write(t, b, report(1, "\nreview = [", "\nreview = [1"))
	run(1, "已删除上次生成的", "build", "--no-system-fonts", "in", "-o", "out")
	expect(outputs(0)...)
	// a's data file no longer decodes at all: its set is found by its sidecar and removed
	write(t, a, "year = = 2023\n")
	run(1, "已删除上次生成的", "build", "--no-system-fonts", "in/a.toml", "-o", "out")
	expect()
	// another build holds the folder
	write(t, a, report(0))
	host, _ := os.Hostname()
	write(t, filepath.Join(dir, "out", ".nianbao.lock"), fmt.Sprintf("%d %s 2026-11-28T06:00:00Z\n", os.Getpid(), host))
	run(2, "正被另一个 nianbao build 使用", "build", "--no-system-fonts", "in/a.toml", "-o", "out")
	expect(".nianbao.lock")
	os.Remove(filepath.Join(dir, "out", ".nianbao.lock"))
	// build into the input folder, then sum it: every unit is there twice (data file and sidecar)
	write(t, b, report(1))
	run(0, "共 2 份，成功 2 份", "build", "--no-system-fonts", "in", "-o", "in")
	run(1, "年度的报告出现了 2 次", "sum", "in", "-o", "out/sum.toml")
	// summing the sidecars is right; summing that summary again is refused
	js, _ := filepath.Glob(filepath.Join(dir, "in", "*.json"))
	run(0, "sum.toml", append(append([]string{"sum"}, js...), "-o", "out/sum.toml")...)
	args := append([]string{"sum", "out/sum.toml"}, js...)
	run(1, "这是 nianbao sum 生成的汇总（含 2 个单位）", append(args, "-o", "out/sum2.toml")...)
	expect("sum.toml")
}

// TestHostileConcurrent: a second build into a folder that a build is writing is refused,
// naming the first; the first finishes whole.
func TestHostileConcurrent(t *testing.T) {
	dir := t.TempDir()
	for i := range 80 {
		write(t, filepath.Join(dir, "in", gen.Name(i)), report(i))
	}
	first := exec.Command(bin, "build", "--no-system-fonts", "-j", "1", "in", "-o", "out")
	first.Dir = dir
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "out", ".nianbao.lock")); err == nil {
			break
		}
	}
	o := nianbao(t, dir, 10*time.Second, "build", "--no-system-fonts", "in", "-o", "out")
	if o.code != 2 || !strings.Contains(o.output, "正被另一个 nianbao build 使用") || !strings.Contains(o.output, fmt.Sprint(first.Process.Pid)) {
		t.Errorf("second build: exit %d\n%s", o.code, o.output)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("first build: %v", err)
	}
	if n := len(listFiles(t, filepath.Join(dir, "out"))); n != 240 {
		t.Errorf("the first build left %d files, want 240", n)
	}
}

// TestHostileInterrupt: Ctrl-C in the middle of a batch leaves no temporary, no lock, and no
// report with part of its set.
func TestHostileInterrupt(t *testing.T) {
	dir := t.TempDir()
	for i := range 120 {
		write(t, filepath.Join(dir, "in", gen.Name(i)), report(i))
	}
	cmd := exec.Command(bin, "build", "--no-system-fonts", "-j", "2", "in", "-o", "out")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// wait until some sets are written, then interrupt
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if ms, _ := filepath.Glob(filepath.Join(dir, "out", "*.json")); len(ms) >= 10 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 10 s after SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(out.String(), "已中断") {
		t.Errorf("exit %d after SIGINT:\n%s", code, out.String())
	}
	sets := map[string]int{}
	for _, f := range listFiles(t, filepath.Join(dir, "out")) {
		if strings.HasPrefix(f, ".") {
			t.Errorf("left behind: %s", f)
			continue
		}
		sets[strings.TrimSuffix(f, filepath.Ext(f))]++
	}
	if len(sets) == 0 || len(sets) == 120 {
		t.Errorf("%d sets: the interrupt came too early or too late to test anything", len(sets))
	}
	for s, n := range sets {
		if n != 3 {
			t.Errorf("%s: %d of its 3 files", s, n)
		}
	}
}

// TestHostileSignature: a 27-character signature and a 48-character organ stay inside the type
// area in the PDF (GB/T 9704: 版心 156 × 225 mm from 28 mm left, 37 mm top).
func TestHostileSignature(t *testing.T) {
	testenv.NeedCmd(t, "pdftotext")
	dir := t.TempDir()
	organ := strings.Repeat("宁和县青石镇经济开发区管理委员会", 3) // 48 characters
	write(t, filepath.Join(dir, "in", "a.toml"), report(0, "year = 2023\n", "year = 2023\nsignature = \"宁和县青石镇经济开发区管理委员会驻宁和县人民政府办\"\n"))
	write(t, filepath.Join(dir, "in", "b.toml"), report(1, "organ = \"", "organ = \""+organ+"\"\n#"))
	if o := nianbao(t, dir, 30*time.Second, "build", "--no-system-fonts", "in", "-o", "out"); o.code != 0 {
		t.Fatal(o.output)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "out", "*.pdf"))
	const mm = 72 / 25.4
	for _, p := range pdfs {
		html, err := exec.Command("pdftotext", "-bbox", p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		words := 0
		for _, ln := range strings.Split(string(html), "\n") {
			var x0, y0, x1, y1 float64
			if i := strings.Index(ln, "<word "); i >= 0 {
				if _, err := fmt.Sscanf(ln[i:], `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g"`, &x0, &y0, &x1, &y1); err != nil {
					continue
				}
				words++
				if x0 < 28*mm-1 || x1 > (28+156)*mm+1 || y0 < 37*mm-30 {
					t.Errorf("%s: a word outside the type area: %s", filepath.Base(p), strings.TrimSpace(ln))
				}
			}
		}
		if words < 100 {
			t.Errorf("%s: %d words", p, words)
		}
	}
}

// TestHostileBatchMemory: a batch's peak memory stays flat (BENCHMARKS.md has 1,000 and 5,000).
func TestHostileBatchMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	for i := range 300 {
		write(t, filepath.Join(dir, "in", gen.Name(i)), report(i))
	}
	o := nianbao(t, dir, 120*time.Second, "build", "--no-system-fonts", "-j", "2", "in", "-o", "out")
	if o.code != 0 || o.rssMB > 150 {
		t.Errorf("exit %d, peak RSS %d MB (bound 150)", o.code, o.rssMB)
	}
	if n := len(listFiles(t, filepath.Join(dir, "out"))); n != 900 {
		t.Errorf("%d files", n)
	}
}

// TestWatch: nianbao watch rebuilds the outputs when the data file is saved.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(dir, "in", "a.toml"), report(0))
	cmd := exec.Command(bin, "watch", "--no-system-fonts", f, "-o", filepath.Join(dir, "out"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	side := filepath.Join(dir, "out", outputs(0)[1]) // the sidecar
	waitFor := func(want string) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if b, _ := os.ReadFile(side); strings.Contains(string(b), want) {
				return
			}
		}
		t.Fatalf("the sidecar never held %q\n%s", want, out.String())
	}
	waitFor(`"organ"`)
	write(t, f, report(0, "licensing = ", "licensing = 4242 #"))
	waitFor("4242")
}
