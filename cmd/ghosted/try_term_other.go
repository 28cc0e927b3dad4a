//go:build !unix

package main

import "io"

// ttyWidth cannot tell a terminal's width here; $COLUMNS or 80 is used.
func ttyWidth(io.Writer) (int, bool) { return 0, false }
