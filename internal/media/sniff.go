package media

import (
	"bytes"
	"encoding/binary"
)

// MIME types newsdesk accepts, decided by content only.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeMP4  = "video/mp4"
	TypeWebM = "video/webm"
)

// sniffImage returns the image type the magic numbers at the start of b
// announce, or "" for anything else.
func sniffImage(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return TypeJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return TypeGIF
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return TypeWebP
	}
	return ""
}

// mp4Brands are ISO base media brands browsers play as video; HEIF and
// AVIF images share the container and are refused.
var mp4Brands = map[string]bool{
	"isom": true, "iso2": true, "iso4": true, "iso5": true, "iso6": true,
	"mp41": true, "mp42": true, "avc1": true, "dash": true, "M4V ": true,
	"mmp4": true, "MSNV": true,
}

// sniffVideo returns TypeMP4 or TypeWebM when b starts like one, else "".
func sniffVideo(b []byte) string {
	if len(b) >= 16 && string(b[4:8]) == "ftyp" {
		size := int(binary.BigEndian.Uint32(b[0:4]))
		if size < 16 || size > len(b) {
			size = min(len(b), 64)
		}
		if mp4Brands[string(b[8:12])] {
			return TypeMP4
		}
		// Compatible brands follow the major brand and its version.
		for i := 16; i+4 <= size; i += 4 {
			if mp4Brands[string(b[i:i+4])] {
				return TypeMP4
			}
		}
		return ""
	}
	if bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}) {
		head := b[:min(len(b), 64)]
		// The EBML DocType element (ID 0x4282) says "webm".
		if i := bytes.Index(head, []byte{0x42, 0x82}); i >= 0 && bytes.Contains(head[i:], []byte("webm")) {
			return TypeWebM
		}
	}
	return ""
}

// jpegOrientation reads the EXIF Orientation tag (1 to 8) from a JPEG's
// APP1 segment; 1, "as stored", when there is none or it is unreadable.
func jpegOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 1
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2 : i+4]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in IFD0 of a TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[0:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[off : off+2]))
	for k := 0; k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:e+2]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:e+4]) != 3 { // SHORT
			return 1
		}
		if v := int(bo.Uint16(t[e+8 : e+10])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
