package datafile

import (
	"errors"
	"path/filepath"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
	"nianbao/model"
	"nianbao/workbook"
)

// PrevPath is the file of last year's report the data file names (key prev), relative to it;
// "" if none.
func PrevPath(r *model.Report) string {
	if r.Prev == "" || filepath.IsAbs(r.Prev) {
		return r.Prev
	}
	return filepath.Join(filepath.Dir(r.File), r.Prev)
}

// LoadPrev loads the file the prev key names. The data file comes from someone else, so the key
// may only reach a file inside the folder that holds the data file's folder — "../2023/x.toml"
// beside it, or a file in its own folder — and no further (README, 文件的读取范围).
func LoadPrev(r *model.Report) (*model.Report, error) {
	abs, err := filepath.Abs(filepath.Dir(r.File))
	if err != nil {
		return nil, ioError(r.File, err)
	}
	if filepath.IsAbs(r.Prev) || filepath.VolumeName(r.Prev) != "" {
		return nil, ioError(r.Prev, &safefile.Error{Path: r.Prev, Kind: safefile.Escapes})
	}
	root := filepath.Dir(abs)
	limit := int64(safefile.DataLimit)
	if workbook.IsWorkbook(r.Prev) {
		limit = safefile.WorkbookLimit
	}
	data, err := safefile.ReadIn(root, filepath.Join(filepath.Base(abs), r.Prev), limit)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) && se.Kind == safefile.Escapes {
			return nil, &input.Error{Location: r.At("prev"), Msg: i18n.F(
				"“prev”（上年度数据文件）“%s”超出了允许的范围：只能是本文件夹或上一级文件夹中的文件（需要别处的文件请用 --prev）",
				"\"prev\" %q is out of bounds: it may name a file in this folder or beside it (use --prev for one elsewhere)", r.Prev)}
		}
		return nil, ioError(PrevPath(r), err)
	}
	return decodeFile(PrevPath(r), data, folderReader(PrevPath(r)))
}
