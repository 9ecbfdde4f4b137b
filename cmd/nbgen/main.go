// Command nbgen writes N varied, consistent township reports into a folder, for trying batch
// builds and for benchmarks: nbgen -n 200 -o gen/
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"nianbao/internal/gen"
)

func main() {
	n := flag.Int("n", 200, "多少份 / how many reports")
	out := flag.String("o", "gen", "输出文件夹 / output folder")
	seed := flag.Uint64("seed", 1, "随机种子 / random seed")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := range *n {
		if err := os.WriteFile(filepath.Join(*out, gen.Name(i)), []byte(gen.Report(i, *seed)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	fmt.Println(*n, "reports in", *out)
}
