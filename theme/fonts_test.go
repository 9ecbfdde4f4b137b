package theme

import (
	"reflect"
	"testing"

	"nianbao/fonts"
)

// TestFontKeys: the [fonts] keys are the roles of fonts' role table, one each, and FontFile finds
// each role's file by the role's name.
func TestFontKeys(t *testing.T) {
	if n := reflect.TypeOf(Theme{}.Fonts).NumField(); n != int(fonts.NumRoles) {
		t.Fatalf("[fonts] has %d keys, fonts has %d roles", n, fonts.NumRoles)
	}
	src := "[fonts]\n"
	for r := range fonts.NumRoles {
		src += r.Name() + ` = "/x/` + r.Name() + `.ttf"` + "\n"
	}
	th, err := Parse("t.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	for r := range fonts.NumRoles {
		if got, want := th.FontFile(r.Name()), "/x/"+r.Name()+".ttf"; got != want {
			t.Errorf("FontFile(%q) = %q, want %q", r.Name(), got, want)
		}
	}
	if th.FontFile("nope") != "" {
		t.Error("an unknown key has a file")
	}
}
