//go:build !unix

package fonts

import "errors"

func mkfifo(string) error { return errors.New("no FIFOs here") }
