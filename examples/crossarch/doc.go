// Package crossarch holds TestCrossArch: the examples built on amd64, arm64 and loong64 (under
// qemu-user-static) give byte-identical outputs. It has no code of its own; it sits beside the
// examples, whose reports it builds, as a package of its own so that it has its own test timeout.
package crossarch
