package model

// TextLabel names a narrative key for a reader: the section it is in, 开头段落, or the words above
// a table.
func TextLabel(f *Format, key string, section int) string {
	switch {
	case key == TextOpening:
		return "开头段落"
	case key == TextActive || key == TextApplications || key == TextAppeals:
		return f.Sections[section] + "（表格前的说明）"
	}
	return f.Sections[section]
}

// TableLabel names a table cell for messages: 表三「一、本年新收政府信息公开申请数量」「自然人」.
func TableLabel(def *TableDef, row *RowDef, col int) string {
	s := "表" + def.ID + "「" + row.FullLabel() + "」"
	if col >= 0 && col < len(row.Cols) {
		s += "「" + row.Cols[col] + "」"
	}
	return s
}
