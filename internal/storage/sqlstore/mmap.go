package sqlstore

import (
	"unsafe"

	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite reads the database through a memory map (PRAGMA mmap_size): a
// page inside the map is a pointer into the operating system's file cache,
// shared by every connection; a page beyond it costs a pread system call
// and a copy into the connection's own small cache (sqliteCacheKiB). The
// C build caps the map at SQLITE_MAX_MMAP_SIZE, 2 GiB unless compiled
// otherwise, and the pure-Go driver is compiled with that default, so at a
// million posts (a 14 GB file) listing pages spent a third of their CPU in
// pread. The cap is a field of SQLite's global configuration, checked each
// time a connection sets its map size: raising it before the first
// connection opens lets the map cover the whole file. Mapped pages count
// as the OS's file cache (RssFile), not as the server's own memory.
//
// The field is reached by name (go:linkname) because the driver offers no
// setting for it; TestMmapCoversLargeFiles fails if a driver upgrade moves
// it.

//go:linkname sqliteGlobalConfig modernc.org/sqlite/lib._sqlite3Config
var sqliteGlobalConfig sqlite3.TSqlite3Config

// sqliteMmapMax is the largest map a connection may ask for: 1 TiB, far
// past any newsroom's archive. 32-bit builds keep the C default, which is
// all their address space allows.
const sqliteMmapMax = 1 << 40

func init() {
	if unsafe.Sizeof(uintptr(0)) == 8 && sqliteGlobalConfig.FmxMmap < sqliteMmapMax {
		sqliteGlobalConfig.FmxMmap = sqliteMmapMax
	}
}
