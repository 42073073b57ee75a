/* The entry point SQLite derives from the file name lapse.so: `.load lapse`
 * (or sqlite3_load_extension(db, ".../lapse", NULL, ...)) calls
 * sqlite3_lapse_init, which registers the functions of lapse_sqlite.c. */
#include <sqlite3ext.h>

int sqlite3_lapsesqlite_init(sqlite3 *db, char **error, const sqlite3_api_routines *api);
#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_lapse_init(sqlite3 *db, char **error, const sqlite3_api_routines *api);

int sqlite3_lapse_init(sqlite3 *db, char **error, const sqlite3_api_routines *api)
{
    return sqlite3_lapsesqlite_init(db, error, api);
}
