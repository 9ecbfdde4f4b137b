//go:build linux

package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile suite's second round (issue 26): fonts whose subroutines fan out or loop, workbooks
// that explode when materialised, narrative that passes the limit once decoded, a lock file that
// is not ours, a narrative no cell can hold, a flood of event streams, names that hide their
// ending or name a device, unprintable theme sizes, and the messages of workbooks with a DTD or a
// password. Same rules as TestHostile: exit status, messages, time (a hang guard), peak memory
// (the child's rusage) and the exact files of out/.

// hostileRSS is the memory bound of this round: a workbook that explodes takes a gigabyte.
const hostileRSS = 300

// exported is generated report 0 as a workbook, written by the binary.
func exported(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.toml"), report(0))
	if o := nianbao(t, dir, 30*time.Second, "export", "a.toml", "-o", "a.xlsx"); o.code != 0 {
		t.Fatal(o.output)
	}
	b, err := os.ReadFile(filepath.Join(dir, "a.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewrite writes workbook wb to p with one part replaced: edit writes the new part's content,
// given the old one, streaming (a part of many megabytes never sits in this process's memory,
// whose peak Linux reports for the children too).
func rewrite(t *testing.T, wb []byte, p, part string, edit func(old string, w io.Writer)) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		rc, _ := e.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(e.Name)
		if e.Name == part {
			bw := bufio.NewWriter(w)
			edit(string(b), bw)
			bw.Flush()
		} else {
			w.Write(b)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// intoSheetData inserts rows before </sheetData>.
func intoSheetData(rows func(w io.Writer)) func(string, io.Writer) {
	return func(old string, w io.Writer) {
		i := strings.Index(old, "</sheetData>")
		io.WriteString(w, old[:i])
		rows(w)
		io.WriteString(w, old[i:])
	}
}

// varied is n characters of varied CJK text (repeated text compresses past the zip checks).
func varied(n int) string {
	rng := rand.New(rand.NewPCG(26, 2))
	var b strings.Builder
	for range n {
		b.WriteRune(rune(0x4E00 + rng.IntN(0x5000)))
	}
	return b.String()
}

const sheet3 = "xl/worksheets/sheet4.xml" // 表三 in an exported workbook

func TestHostile2(t *testing.T) {
	fontdir, _ := filepath.Abs("../../fonts/testdata")
	build := func(extra ...string) func(...string) []string {
		return func(files ...string) []string {
			return append(append([]string{"build", "--no-system-fonts", "-o", "out"}, extra...), files...)
		}
	}
	cases := []hostile{
		// 1. fonts: refused when loaded, at once
		{name: "a CFF font whose subroutines fan out (200 calls, 9 levels)", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--font", "body="+filepath.Join(fontdir, "fanout.otf"))("in/a.toml")
		}, code: 2, want: []string{"fanout.otf：字形 0 的轮廓（CFF 字符串）展开后过长（子程序层层重复调用），字体已损坏或被篡改，不能使用"}, limit: 10 * time.Second, rssMB: 150},
		{name: "a fan-out font named by a theme, in English", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			th := write(t, filepath.Join(dir, "t.toml"), "[fonts]\ntitle = \""+filepath.Join(fontdir, "fanout.otf")+"\"\n")
			return append([]string{"--lang", "en"}, build("--theme", th)("in/a.toml")...)
		}, code: 2, want: []string{"fanout.otf: the outline (CFF charstring) of glyph 0 is too long once its subroutines are expanded"}, not: []string{"字形"}, limit: 10 * time.Second, rssMB: 150},
		{name: "a CFF font with a self-calling subroutine", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--font", "h1="+filepath.Join(fontdir, "recursive.otf"))("in/a.toml")
		}, code: 2, want: []string{"recursive.otf：字形 0 的轮廓（CFF 字符串）中有调用自身的子程序（无限循环）"}, limit: 10 * time.Second, rssMB: 150},

		// 2. workbooks that explode when materialised, refused part by part before
		{name: "300 cells in column XFD", setup: func(t *testing.T, dir string) []string {
			return []string{"check", rewrite(t, exported(t), filepath.Join(dir, "in", "xfd.xlsx"), sheet3, intoSheetData(func(w io.Writer) {
				for r := 100; r < 400; r++ {
					fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
				}
			}))}
		}, code: 1, want: []string{"xfd.xlsx: 错误 [R12 数据格式] 工作簿的工作表“表三”（xl/worksheets/sheet4.xml）：单元格 XFD100 有内容，超出了统计表的范围（最多 100 列、1000 行）"}},
		{name: "a million rows", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			rewrite(t, exported(t), filepath.Join(dir, "in", "rows.xlsx"), sheet3, intoSheetData(func(w io.Writer) {
				for r := 100; r < 1_000_000; r++ {
					fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, r, r)
				}
			}))
			return build()("in")
		}, code: 1, want: []string{"rows.xlsx: 错误 [R12 数据格式] 工作簿的工作表“表三”（xl/worksheets/sheet4.xml）：第 1001 行有内容", "共 2 份，成功 1 份，失败 1 份"},
			out: outputs(0)},
		{name: "1.5 million shared strings", setup: func(t *testing.T, dir string) []string {
			return []string{"check", rewrite(t, exported(t), filepath.Join(dir, "in", "sst.xlsx"), "xl/sharedStrings.xml", func(old string, w io.Writer) {
				i := strings.Index(old, "</sst>")
				io.WriteString(w, old[:i])
				for k := range 1_500_000 {
					fmt.Fprintf(w, "<si><t>%d</t></si>", k)
				}
				io.WriteString(w, old[i:])
			})}
		}, code: 1, want: []string{"sst.xlsx: 错误 [R12 数据格式] 工作簿的xl/sharedStrings.xml：超过 20000 个共享字符串"}},

		// 3. the narrative's limit holds for decoded text: a Word file, a workbook cell
		{name: "a Word narrative of 5 MB of text", setup: func(t *testing.T, dir string) []string {
			f, _ := os.Create(filepath.Join(dir, "in", "问题.docx"))
			zw := zip.NewWriter(f)
			w, _ := zw.Create("word/document.xml")
			io.WriteString(w, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
			para := varied(10_000)
			for range 170 { // 170 × 30 KB
				io.WriteString(w, "<w:p><w:r><w:t>"+para+"</w:t></w:r></w:p>")
			}
			io.WriteString(w, `</w:body></w:document>`)
			zw.Close()
			f.Close()
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems_file = \"问题.docx\"\nproblems_old = \"\"\"")))
		}, code: 1, want: []string{"问题.docx", "文档的文字（word/document.xml）超过 4 MB，超出了正文的上限，不会读取"}},
		{name: "100,000 characters in a workbook cell", setup: func(t *testing.T, dir string) []string {
			return []string{"check", rewrite(t, exported(t), filepath.Join(dir, "in", "long.xlsx"), "xl/worksheets/sheet2.xml", intoSheetData(func(w io.Writer) {
				fmt.Fprintf(w, `<row r="30"><c r="C30" t="inlineStr"><is><t>%s</t></is></c></row>`, varied(100_000))
			}))}
		}, code: 1, want: []string{"long.xlsx: 错误 [R12 数据格式] 工作簿的工作表“正文”（xl/worksheets/sheet2.xml）：单元格 C30 的文字超过 32767 个字符"}},

		// 4. the lock file is read as another person's file
		{name: "the lock is a link to /dev/zero", setup: func(t *testing.T, dir string) []string {
			os.Symlink("/dev/zero", filepath.Join(dir, "out", ".nianbao.lock"))
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0)))
		}, code: 2, want: []string{".nianbao.lock，但它不是 nianbao 写的锁文件（不是普通文件"}, limit: 10 * time.Second, rssMB: 150, out: []string{".nianbao.lock"}},
		{name: "the lock is a FIFO", setup: func(t *testing.T, dir string) []string {
			fifo(t, filepath.Join(dir, "out", ".nianbao.lock"))
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0)))
		}, code: 2, want: []string{"不是 nianbao 写的锁文件（不是普通文件"}, limit: 10 * time.Second, out: []string{".nianbao.lock"}},
		{name: "the lock is a link to a secret", setup: func(t *testing.T, dir string) []string {
			secret := write(t, filepath.Join(dir, "shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n")
			os.Symlink(secret, filepath.Join(dir, "out", ".nianbao.lock"))
			return build()(write(t, filepath.Join(dir, "in", "a.toml"), report(0)))
		}, code: 2, want: []string{"不是 nianbao 写的锁文件（内容不是“进程号 主机 时间”）"}, not: []string{"root:", "secret-hash"}, out: []string{".nianbao.lock"}},

		// 5. export refuses what a cell would cut
		{name: "export a 40,000-character narrative", setup: func(t *testing.T, dir string) []string {
			a := write(t, filepath.Join(dir, "in", "a.toml"), report(0, "problems = \"\"\"", "problems = \"\"\""+strings.Repeat("问题在于落实。", 5_715)+"\n\n"))
			return []string{"export", a, "-o", "out/a.xlsx"}
		}, code: 1, want: []string{"“problems”（五、存在的主要问题及改进情况）有", "超过 Excel 单元格的上限 32767 个，放进工作簿会被截断，所以不导出"}},

		// 8. output names
		{name: "a bidi override and device names in organ names", setup: func(t *testing.T, dir string) []string {
			// the title and signature are set: no font draws U+202E, only the file name is at stake
			write(t, filepath.Join(dir, "in", "a.toml"), report(0, "organ = \"", "organ = \"一平垣乡\u202Efdp.exe\"\ntitle = \"一平垣乡2023年政府信息公开工作年度报告\"\nsignature = \"一平垣乡人民政府\"\n#"))
			write(t, filepath.Join(dir, "in", "b.toml"), report(1, "organ = \"", "organ = \"CONIN$.乡人民政府\"\n#"))
			write(t, filepath.Join(dir, "in", "c.toml"), report(2, "organ = \"", "organ = \"con .txt\"\n#"))
			return build()("in")
		}, code: 0, want: []string{"共 3 份，成功 3 份"}, limit: 30 * time.Second,
			out: []string{"一平垣乡fdp.exe-2023.docx", "一平垣乡fdp.exe-2023.json", "一平垣乡fdp.exe-2023.pdf",
				"_CONIN$.乡人民政府-2023.docx", "_CONIN$.乡人民政府-2023.json", "_CONIN$.乡人民政府-2023.pdf",
				"_con .txt-2023.docx", "_con .txt-2023.json", "_con .txt-2023.pdf"}},

		// 9. a printable floor
		{name: "theme: title_pt = 1e-300", setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "in", "a.toml"), report(0))
			return build("--theme", write(t, filepath.Join(dir, "my.toml"), "[size]\ntitle_pt = 1e-300\n"))("in/a.toml")
		}, code: 2, want: []string{"my.toml:2: 主题键“size.title_pt”是 1e-300 磅，小于最小的字号八号（5 磅），印出来看不清"}},

		// 10. messages
		{name: "a workbook with a DTD", setup: func(t *testing.T, dir string) []string {
			return []string{"check", rewrite(t, exported(t), filepath.Join(dir, "in", "dtd.xlsx"), sheet3, func(old string, w io.Writer) {
				io.WriteString(w, strings.Replace(old, "?>", `?><!DOCTYPE worksheet [<!ENTITY x "x">]>`, 1))
			})}
		}, code: 1, want: []string{"dtd.xlsx: 错误 [R12 数据格式] 工作簿的工作表“表三”（xl/worksheets/sheet4.xml）：含有文档类型定义（<!DOCTYPE …>）"}, not: []string{"结构不能改动"}},
		{name: "a password-protected workbook", setup: func(t *testing.T, dir string) []string {
			// an OLE compound file holding an EncryptedPackage stream, as Excel saves one (MS-OFFCRYPTO)
			b := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 1016)...)
			for _, c := range "EncryptedPackage" {
				b = append(b, byte(c), 0)
			}
			return []string{"check", write(t, filepath.Join(dir, "in", "secret.xlsx"), string(b))}
		}, code: 1, want: []string{"secret.xlsx: 错误 [R12 数据格式] 工作簿设置了打开密码（已加密），无法读取"}, not: []string{"损坏"}},
		{name: "a 32,767-digit cell", setup: func(t *testing.T, dir string) []string {
			return []string{"check", rewrite(t, exported(t), filepath.Join(dir, "in", "digits.xlsx"), sheet3, func(old string, w io.Writer) {
				c := strings.Index(old, `<c r="D5"`) // the cell of 一、本年新收 自然人, whatever its style
				i := c + strings.Index(old[c:], "<v>") + len("<v>")
				j := i + strings.Index(old[i:], "<")
				io.WriteString(w, old[:i]+strings.Repeat("9", 32767)+old[j:])
			})}
		}, code: 1, want: []string{"digits.xlsx!表三!D5", "…（32767 个字符"}, not: []string{strings.Repeat("9", 100)}},
		{name: "an output folder without permission", setup: func(t *testing.T, dir string) []string {
			return []string{"build", "--no-system-fonts", "-o", "/sys/nianbao-out", write(t, filepath.Join(dir, "in", "a.toml"), report(0))}
		}, code: 2, want: []string{"/sys/nianbao-out", "没有权限"}, not: []string{"permission denied", "operation not permitted"}},
	}
	runHostile(t, cases, 20*time.Second, hostileRSS)
}

// TestHostilePreviewStreams: thousands of event streams opened on the preview get at most
// MaxStreams answers; the rest are refused at once or wait for a connection; a silent
// connection is closed; the preview's peak memory stays flat and it stops on Ctrl-C.
func TestHostilePreviewStreams(t *testing.T) {
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "in", "a.toml"), report(0))
	cmd := exec.Command(bin, "preview", "--no-system-fonts", a)
	cmd.Env = append(os.Environ(), "NIANBAO_LANG=")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no address: %v\n%s", err, stderr.String())
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "http://"), "/")
	const streams = 2000
	codes := map[int]int{}
	var conns []net.Conn
	for range streams {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			codes[-1]++ // the backlog is full: refused by the system
			continue
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "GET /events HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	}
	deadline := time.Now().Add(3 * time.Second) // one for all: those not accepted wait in the backlog
	for _, c := range conns {
		c.SetReadDeadline(deadline)
		if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
			codes[resp.StatusCode]++
		} else {
			codes[0]++ // not answered: waiting to be accepted
		}
	}
	if codes[200] == 0 || codes[200] > 16 || codes[200]+codes[503] > 64 {
		t.Errorf("answers to %d streams: %v (status → count; 0: waiting)", streams, codes)
	}
	for _, c := range conns {
		c.Close()
	}
	// a silent connection is closed within the header timeout
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	io.ReadAll(c)
	if d := time.Since(start); d > 12*time.Second {
		t.Errorf("a silent connection stayed open %v", d)
	}
	c.Close()
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the preview did not stop on SIGINT")
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss >> 10
	}
	if rss > 150 {
		t.Errorf("peak RSS %d MB with %d streams (bound 150)", rss, streams)
	}
	t.Logf("%d streams: %v; peak RSS %d MB", streams, codes, rss)
}

// TestHostilePlantedFont: a fan-out CFF font planted where fonts are installed, named 仿宋_GB2312,
// is found by name and refused when loaded: the build goes on at once with the stand-in.
func TestHostilePlantedFont(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("../../fonts/testdata/planted.otf")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "fonts", "仿宋_GB2312.otf"), string(b))
	write(t, filepath.Join(dir, "in", "a.toml"), report(0))
	cmd := exec.Command(bin, "build", "in/a.toml", "-o", "out")
	cmd.Dir = dir
	// its own font folder and cache folder: nothing of this machine's, nothing written outside dir
	cmd.Env = append(os.Environ(), "NIANBAO_LANG=", "NIANBAO_FONT_DIRS="+filepath.Join(dir, "fonts"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	start := time.Now()
	done := make(chan []byte, 1)
	go func() { out, _ := cmd.CombinedOutput(); done <- out }()
	var out []byte
	select {
	case out = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the build hangs on a planted font")
	}
	took := time.Since(start)
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss >> 10
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 || took > 20*time.Second || rss > hostileRSS {
		t.Errorf("exit %d in %v, peak RSS %d MB\n%s", code, took, rss, out)
	}
	if got, want := listFiles(t, filepath.Join(dir, "out")), concat(outputs(0)); !slices.Equal(got, want) {
		t.Errorf("out/ holds %v, want %v", got, want)
	}
	t.Logf("exit 0 in %v, peak RSS %d MB", took.Round(time.Millisecond), rss)
}
