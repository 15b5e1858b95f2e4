package mapping

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// A stamp is one comment line that spirajira writes into mapping.yaml: who
// wrote the file and a hash of the rest of it. A file whose stamp still
// matches is exactly what spirajira wrote, so replacing it loses nothing;
// any edit (a value, a comment, a blank line) breaks the match.

const stampPrefix = "# written by spirajira "

var stampLine = regexp.MustCompile(`(?m)^# written by spirajira (.+?), sha256 ([0-9a-f]{64})\b.*\n`)

// Stamp returns data with a stamp line after its first line (the header
// Format writes), naming writer ("mapping pull", "mapping automap").
func Stamp(data []byte, writer string) []byte {
	body := unstamped(data)
	sum := sha256.Sum256(body)
	line := stampPrefix + writer + ", sha256 " + hex.EncodeToString(sum[:]) +
		" (edit freely: pull will not replace an edited file without --force)\n"
	i := bytes.IndexByte(body, '\n') + 1
	out := make([]byte, 0, len(body)+len(line))
	out = append(out, body[:i]...)
	out = append(out, line...)
	return append(out, body[i:]...)
}

// ReadStamp reports who wrote data, and whether it is unchanged since:
// intact is false for a file without a stamp or edited after it.
func ReadStamp(data []byte) (writer string, intact bool) {
	m := stampLine.FindSubmatchIndex(data)
	if m == nil {
		return "", false
	}
	writer = string(data[m[2]:m[3]])
	want := string(data[m[4]:m[5]])
	body := append(append([]byte{}, data[:m[0]]...), data[m[1]:]...)
	sum := sha256.Sum256(body)
	return writer, hex.EncodeToString(sum[:]) == want
}

// unstamped is data without its stamp line, if it has one.
func unstamped(data []byte) []byte {
	m := stampLine.FindIndex(data)
	if m == nil {
		return data
	}
	return append(append([]byte{}, data[:m[0]]...), data[m[1]:]...)
}
