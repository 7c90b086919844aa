package xmltext

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\x00b\x01c\x1fd", "abcd"},
		{"tab\tnew\nline\r", "tab\tnew\nline\r"},
		{"bad \xff utf8", "bad  utf8"},
		{"\uFFFE\uFFFF ok", " ok"},
		{"emoji 🗞️ שלום مرحبا <&>", "emoji 🗞️ שלום مرحبا <&>"},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
