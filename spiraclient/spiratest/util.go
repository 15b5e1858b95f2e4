package spiratest

import "fmt"

func fmtSscanf(name string, n *int) (int, error) { return fmt.Sscanf(name, "Custom_%d", n) }
