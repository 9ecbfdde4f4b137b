package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"nianbao/build"
	"nianbao/fonts"
	"nianbao/model"
	"nianbao/theme"
)

func main() {
	set, _ := fonts.Resolve(fonts.Options{NoSystem: true})
	files, _ := filepath.Glob(os.Args[1] + "/*.toml")
	b := &build.Batch{Options: build.Options{Theme: theme.New(), Fonts: set, PDF: true, DOCX: true, JSON: true, CheckOptions: build.CheckOptions{R8: model.Error, R8On: true}}, Jobs: 2}
	res, err := b.Run(files, os.Args[2])
	fmt.Println(len(res), err)
	runtime.GC()
	f, _ := os.Create("/tmp/heap.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	runtime.KeepAlive(res)
}
