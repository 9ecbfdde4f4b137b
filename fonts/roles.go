package fonts

import "slices"

// Role is what a piece of text is in the report; each role resolves to its own chain of faces.
type Role int

const (
	Title  Role = iota // 2号小标宋
	Body               // 3号仿宋
	H1                 // 一、黑体
	H2                 // （一）楷体
	PageNo             // 4号宋体 page numbers
	Table              // table text (仿宋 by default)
	NumRoles
)

// roleSpec is everything the program knows about one role. It is spelled here once; the command
// line (--font NAME=PATH), the theme (its [fonts] keys), the DOCX (the face names it writes),
// the OFD (the style class of each face) and the preview read it through Role's methods.
type roleSpec struct {
	// name is the role's id: --font NAME=PATH, and the theme's key fonts.NAME
	name string
	// zh is what a Chinese reader calls the text of the role (GB/T 9704 §7.3)
	zh string
	// official are the family names of the official faces, most preferred first (matching
	// ignores case, spaces, '-' and '_'). official[0] is the name a DOCX writes into its styles
	// and font table: the _GB2312 faces first, as Word and WPS themselves write them, the Windows
	// faces being their altName (../shared/reference/docx.md §2.2).
	official []string
	// class is the generic style the role is set in: the family an OFD names for each face, so a
	// reader that substitutes a system font picks the right kind (GB/T 33190 §11.1 FamilyName).
	// The PDF needs nothing of the role: it embeds the faces themselves.
	class string
}

// The generic style classes of the official faces.
const (
	ClassSong     = "宋体" // 宋体 and 小标宋 (the title's 方正小标宋 is a Song face)
	ClassFangsong = "仿宋"
	ClassHei      = "黑体"
	ClassKai      = "楷体"
)

var fangsong = []string{"仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "SimFang"}

// roles is the role table (GB/T 9704 §7.3.1 title 2号小标宋, §5.2.2 body 3号仿宋, §7.3.3 headings
// 黑体 and 楷体, §7.5 page numbers 4号宋体; tables in the body's face).
var roles = [NumRoles]roleSpec{
	Title:  {"title", "标题", []string{"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋"}, ClassSong},
	Body:   {"body", "正文", fangsong, ClassFangsong},
	H1:     {"h1", "一级标题", []string{"黑体", "SimHei"}, ClassHei},
	H2:     {"h2", "二级标题", []string{"楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "SimKai"}, ClassKai},
	PageNo: {"pageno", "页码", []string{"宋体", "SimSun"}, ClassSong},
	Table:  {"table", "表格", fangsong, ClassFangsong},
}

func (r Role) spec() roleSpec {
	if r < 0 || r >= NumRoles {
		return roleSpec{}
	}
	return roles[r]
}

// Name is the role's id in --font NAME=PATH and the theme's key fonts.NAME ("title", "body", …);
// "" for a value that is not a role.
func (r Role) Name() string { return r.spec().name }

// Zh is the role's Chinese name (标题, 正文, 一级标题 …).
func (r Role) Zh() string { return r.spec().zh }

// Official is the official face a role is set in (GB/T 9704): 仿宋_GB2312, 黑体 …, the name a
// DOCX writes.
func (r Role) Official() string {
	if o := r.spec().official; len(o) > 0 {
		return o[0]
	}
	return ""
}

// Class is the generic style of the role's face: 宋体, 仿宋, 黑体 or 楷体.
func (r Role) Class() string { return r.spec().class }

// officialFamilies lists the official faces' family names of a role, most preferred first (a
// new slice).
func (r Role) officialFamilies() []string { return slices.Clone(r.spec().official) }

// RoleNames are the roles' names, in role order.
func RoleNames() []string {
	out := make([]string, NumRoles)
	for r := range NumRoles {
		out[r] = r.Name()
	}
	return out
}

// RoleByName finds a role by its name.
func RoleByName(s string) (Role, bool) {
	for r := range NumRoles {
		if r.Name() == s {
			return r, true
		}
	}
	return 0, false
}

// Chosen is the face given for role r by an explicit file (Options.Files: --font, the theme),
// nil when the role's face was found or is the embedded stand-in.
func (s *Set) Chosen(r Role) *Face {
	if r < 0 || r >= NumRoles {
		return nil
	}
	return s.chosen[r]
}

// Class is the generic style (Role.Class) face f stands for in this set: that of the first role
// whose primary face it is, else of the first role whose chain holds it (a stand-in's fallback),
// else 宋体 (an extension face that serves only characters no role's face has).
func (s *Set) Class(f *Face) string {
	for r := range NumRoles {
		if s.chains[r][0] == f {
			return r.Class()
		}
	}
	for r := range NumRoles {
		if slices.Contains(s.chains[r], f) {
			return r.Class()
		}
	}
	return ClassSong
}

// Classes maps the ID of every face the set may use (Faces) to its Class.
func (s *Set) Classes() map[string]string {
	out := map[string]string{}
	for _, f := range s.Faces() {
		out[f.ID] = s.Class(f)
	}
	return out
}
