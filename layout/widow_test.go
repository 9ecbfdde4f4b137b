package layout

import (
	"fmt"
	"testing"
)

func TestPageBreaks(t *testing.T) {
	for _, c := range []struct {
		n, left int
		want    string
	}{
		{5, 3, "[3]"},     // fits as it falls
		{4, 3, "[2]"},     // widow: the line before goes along
		{3, 2, "[0]"},     // widow, and one line left would be an orphan: all on the next page
		{2, 1, "[0]"},     // orphan
		{9, 1, "[0]"},     // orphan
		{2, 5, "[]"},      // fits
		{30, 5, "[5 27]"}, // across a page
		{28, 5, "[5 26]"}, // a widow after a whole page
		{23, 1, "[0 21]"}, // orphan, then a widow
	} {
		if got := fmt.Sprint(pageBreaks(c.n, c.left, 22)); got != c.want && !(got == "[]" && c.want == "[]") {
			t.Errorf("n=%d left=%d: %s, want %s", c.n, c.left, got, c.want)
		}
	}
}
