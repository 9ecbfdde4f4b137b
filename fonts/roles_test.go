package fonts

import "testing"

// TestRoleTable: every role has its id, Chinese name, official face and style class; ids are
// unique and found again by RoleByName.
func TestRoleTable(t *testing.T) {
	seen := map[string]bool{}
	for r := range NumRoles {
		if r.Name() == "" || r.Zh() == "" || r.Official() == "" || r.Class() == "" || seen[r.Name()] {
			t.Errorf("role %d: %q %q %q %q", r, r.Name(), r.Zh(), r.Official(), r.Class())
		}
		seen[r.Name()] = true
		if got, ok := RoleByName(r.Name()); !ok || got != r {
			t.Errorf("RoleByName(%q) = %v %v", r.Name(), got, ok)
		}
	}
	if NumRoles.Name() != "" || Role(-1).Official() != "" {
		t.Error("a value that is not a role has a name")
	}
	// the faces a DOCX names (docx.md §2.2)
	want := [NumRoles]string{"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "仿宋_GB2312"}
	for r := range NumRoles {
		if r.Official() != want[r] {
			t.Errorf("%s: official %q, want %q", r.Name(), r.Official(), want[r])
		}
	}
}

// TestClass: each embedded stand-in is named by the class of the role it serves — the Song face
// by the page numbers' 宋体 although the body's chain holds it too — and a face the set does not
// hold is 宋体.
func TestClass(t *testing.T) {
	s, err := Resolve(Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"title.ttf": ClassSong, "body.ttf": ClassFangsong, "hei.ttf": ClassHei, "kai.ttf": ClassKai, "song.ttf": ClassSong} {
		f := embedded(file)
		if got := s.Class(f); got != want {
			t.Errorf("%s: class %s, want %s", file, got, want)
		}
		if got := s.Classes()[f.ID]; got != want {
			t.Errorf("%s: Classes %s, want %s", file, got, want)
		}
	}
	if got := s.Class(&Face{}); got != ClassSong {
		t.Errorf("a stranger: %s", got)
	}
	if s.Chosen(Body) != nil {
		t.Error("no file was given, yet a face is chosen")
	}
}

// TestChosen: a file given for a role is that role's chosen face (what a DOCX names), and its class
// is the role's whatever the face's own name says.
func TestChosen(t *testing.T) {
	s, err := Resolve(Options{Files: map[Role]string{H2: "testdata/heiti.ttc#1"}, NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	f := s.Chosen(H2)
	if f == nil || f != s.Primary(H2) || s.Chosen(Body) != nil {
		t.Fatalf("chosen %v", f)
	}
	if got := s.Class(f); got != ClassKai {
		t.Errorf("a file given for h2 (%s): class %s, want %s", f.Family, got, ClassKai)
	}
}
