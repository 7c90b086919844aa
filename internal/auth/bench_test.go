package auth

import "testing"

// BenchmarkHashPassword is the cost of one sign-in's password check: the
// argon2id parameters trade this against guessing speed.
func BenchmarkHashPassword(b *testing.B) {
	h, _ := HashPassword("correct horse battery")
	for i := 0; i < b.N; i++ {
		if !CheckPassword(h, "correct horse battery") {
			b.Fatal("mismatch")
		}
	}
}
