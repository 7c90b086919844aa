package importer

import (
	"errors"
	"io"
)

func openWXR(r io.ReadSeeker, opt Options) (*Import, error) {
	return nil, errors.New("not yet")
}
