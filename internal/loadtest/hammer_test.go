package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestHammer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(time.Millisecond)
		w.Write([]byte("0123456789"))
	}))
	defer srv.Close()
	res := Hammer(context.Background(), []string{srv.URL + "/a", srv.URL + "/missing"}, 3, 300*time.Millisecond)
	if res.Requests == 0 || res.Errors == 0 || res.Bytes < int64(10*res.Requests) {
		t.Fatalf("result %+v", res)
	}
	// Half the paths fail: the counts should be close.
	if diff := res.Requests - res.Errors; diff < -8 || diff > 8 {
		t.Errorf("%d good, %d errors from alternating paths", res.Requests, res.Errors)
	}
	if res.P50 < time.Millisecond || res.P99 < res.P50 || res.ReqPerSec() <= 0 {
		t.Errorf("latencies %v %v, %.0f req/s", res.P50, res.P99, res.ReqPerSec())
	}
}
