//go:build !unix

package safefile

import (
	"strings"

	"nianbao/i18n"
)

const openFlags = 0

func isDirErr(err error) bool { return strings.Contains(err.Error(), "is a directory") }

var osCauses []struct {
	err  error
	text i18n.Text
}

// IsNoSpace reports whether err means the disk is full.
func IsNoSpace(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "not enough space") || strings.Contains(err.Error(), "disk is full"))
}
