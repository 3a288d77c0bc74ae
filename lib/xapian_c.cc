// SPDX-License-Identifier: GPL-2.0-or-later
// xapian_c.cc — Byline's thin C binding of libxapian (see include/xapian_c.h, the contract).
//
// The only C++ translation unit of the project.  Every exported function runs its body
// inside guard(), the single exception boundary: no C++ exception crosses into C.

#include "xapian_c.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <exception>
#include <system_error>
#include <thread>
#include <string>
#include <type_traits>
#include <utility>
#include <tuple>
#include <vector>

#include <sys/stat.h>

// ------------------------------------------------------------------------------------------
// Handles

struct xc_wdb {
    Xapian::WritableDatabase db;
    std::string path;
    std::string err;
    bool in_txn = false;
};

struct xc_db {
    Xapian::Database db;
    std::string err;
    // The databases added by xc_db_add, in order: each shares its shard with db (no second
    // connection), so a pass can run shard by shard (xc_db_match_docids).
    std::vector<Xapian::Database> parts;
    // Opened by xc_db_open_tcp / xc_db_open_prog, or holds such a database (xc_db_add): a
    // read of one of its shards is a network round trip (a database a stub file opens
    // remotely is not known to be one).
    bool remote = false;
};

struct xc_doc {
    Xapian::Document doc;
};

struct xc_query {
    Xapian::Query q;
};

struct xc_enquire {
    explicit xc_enquire(const Xapian::Database &db) : enq(db) {}
    Xapian::Enquire enq;
    // The database's single shards in order when it has remote ones (xc_db.parts), else
    // empty: its pages' documents are then fetched shard by shard at once (xc_mset_foreach).
    std::vector<Xapian::Database> parts;
    std::string err;
    // Value-count spies added by xc_enquire_add_value_count: owned by enq (released to its
    // reference counting), observed here in the order they were added.
    std::vector<Xapian::ValueCountMatchSpy *> spies;
};

struct xc_mset {
    Xapian::MSet mset;
    std::vector<Xapian::Database> parts;  // the enquire's (xc_enquire.parts)
    // Each hit's document, fetched shard by shard (xc_mset_foreach, remote shards), or empty.
    std::vector<Xapian::Document> docs;
    std::string data;  // data of the hit last fetched by xc_mset_get / xc_mset_foreach
    std::string err;   // not exposed; kept for debugging
};

// ------------------------------------------------------------------------------------------
// The exception boundary

namespace {

// Store a message in *slot (if any); never throws.
void set_msg(std::string *slot, const std::string &msg) noexcept {
    if (!slot) return;
    try {
        *slot = msg;
    } catch (...) {
        slot->clear();
    }
}

void set_msg(std::string *slot, const char *msg) noexcept {
    if (!slot) return;
    try {
        *slot = msg;
    } catch (...) {
        slot->clear();
    }
}

// Record a failure detected by the binding itself (not an exception); returns st.
xc_status fail(std::string *slot, xc_status st, const std::string &msg) noexcept {
    set_msg(slot, msg);
    return st;
}

xc_status fail(std::string *slot, xc_status st, const char *msg) noexcept {
    set_msg(slot, msg);
    return st;
}

// "Type: message (context)" for a Xapian::Error; `extra` names the path or operation.
void note(std::string *slot, const Xapian::Error &e, const char *ctx, const char *extra) noexcept {
    if (!slot) return;
    try {
        std::string m = e.get_type();
        m += ": ";
        m += e.get_msg();
        // The system's reason, when there is one ("Connection refused", "No such file...").
        if (const char *why = e.get_error_string()) {
            m += " (";
            m += why;
            m += ")";
        }
        if (!e.get_context().empty()) {
            m += " [";
            m += e.get_context();
            m += "]";
        }
        if (extra) {
            m += " (";
            m += extra;
            if (ctx) m += ctx;
            m += ")";
        } else if (ctx && *ctx) {
            m += " (";
            m += ctx;
            m += ")";
        }
        *slot = std::move(m);
    } catch (...) {
        set_msg(slot, e.get_type());
    }
}

// Run body() (which returns an xc_status) and map every exception to a status, storing the
// message in *slot (may be NULL).  ctx: optional context (a path) appended to messages.
template <typename F>
xc_status guard(std::string *slot, const char *ctx, F &&body) noexcept {
    try {
        return body();
    } catch (const Xapian::DatabaseLockError &e) {
        // "already locked" is another writer; anything else (the lock file cannot be
        // created or opened: permissions, read-only file system) is an I/O error.
        if (e.get_msg().find("already locked") == std::string::npos) {
            note(slot, e, ctx, "the index's lock file cannot be written: check the "
                               "permissions of ");
            return XC_IO;
        }
        note(slot, e, ctx, "another process is writing to the index at ");
        return XC_LOCKED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        note(slot, e, ctx, nullptr);
        return XC_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {  // before DatabaseOpeningError (a base)
        note(slot, e, ctx, nullptr);
        return XC_VERSION;
    } catch (const Xapian::DatabaseNotFoundError &e) {  // before DatabaseOpeningError (a base)
        note(slot, e, ctx, nullptr);
        return XC_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        note(slot, e, ctx, nullptr);
        return XC_OPENING;
    } catch (const Xapian::DatabaseModifiedError &e) {
        note(slot, e, ctx, nullptr);
        return XC_MODIFIED;
    } catch (const Xapian::DatabaseError &e) {
        note(slot, e, ctx, nullptr);
        return XC_IO;
    } catch (const Xapian::NetworkError &e) {  // includes NetworkTimeoutError
        note(slot, e, ctx, nullptr);
        return XC_NETWORK;
    } catch (const Xapian::DocNotFoundError &e) {
        note(slot, e, ctx, nullptr);
        return XC_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        note(slot, e, ctx, nullptr);
        return XC_INVALID_ARGUMENT;
    } catch (const Xapian::InvalidOperationError &e) {
        note(slot, e, ctx, nullptr);
        return XC_INVALID_ARGUMENT;
    } catch (const Xapian::RangeError &e) {
        note(slot, e, ctx, nullptr);
        return XC_INVALID_ARGUMENT;
    } catch (const Xapian::WildcardError &e) {  // wildcard expansion limit exceeded
        note(slot, e, ctx, nullptr);
        return XC_INVALID_ARGUMENT;
    } catch (const Xapian::FeatureUnavailableError &e) {
        note(slot, e, ctx, nullptr);
        return XC_UNSUPPORTED;
    } catch (const Xapian::UnimplementedError &e) {
        note(slot, e, ctx, nullptr);
        return XC_UNSUPPORTED;
    } catch (const Xapian::Error &e) {
        note(slot, e, ctx, nullptr);
        return XC_INTERNAL;
    } catch (const std::bad_alloc &) {
        set_msg(slot, "out of memory");
        return XC_NO_MEMORY;
    } catch (const std::exception &e) {
        set_msg(slot, e.what());
        return XC_INTERNAL;
    } catch (...) {
        set_msg(slot, "unknown exception");
        return XC_INTERNAL;
    }
}

// Copy s into a new malloc()ed NUL-terminated string.
xc_status dup_out(const std::string &s, char **out, size_t *len) noexcept {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) return XC_NO_MEMORY;
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len) *len = s.size();
    return XC_OK;
}

// Hand a message back through `char **err` (may be NULL); *err = NULL if malloc fails.
void give_err(const std::string &msg, char **err) noexcept {
    if (!err) return;
    *err = nullptr;
    (void)dup_out(msg, err, nullptr);
}

void clear_err(char **err) noexcept {
    if (err) *err = nullptr;
}

// true if `path` does not exist (stat() says ENOENT/ENOTDIR).
bool path_missing(const char *path) noexcept {
    struct stat st;
    if (stat(path, &st) == 0) return false;
    return errno == ENOENT || errno == ENOTDIR;
}

std::string no_index_at(const char *path) {
    return std::string("no index at ") + path;
}

std::string bytes(const char *p, size_t len) {
    return len ? std::string(p, len) : std::string();
}

// Convert a millisecond timeout from the C API (0 = Xapian's default 10 s).
useconds_t ms_or_default(unsigned ms) noexcept {
    return ms ? static_cast<useconds_t>(ms) : static_cast<useconds_t>(10000);
}

// The integer a C caller passed as an enum.  C may pass any int; in C++ loading an enum
// object whose value is outside the enumeration's range is undefined, so read the bytes.
template <typename E>
int enum_value(const E &e) noexcept {
    typename std::underlying_type<E>::type v;
    static_assert(sizeof v == sizeof e, "enum size");
    std::memcpy(&v, &e, sizeof v);
    return static_cast<int>(v);
}

// Run job(i) for i in [0, n), one thread each (job(0) in this one when n == 1); the first
// error is rethrown here, after every thread has ended.  Each job must touch only its own
// objects (Xapian's handles are not thread-safe; their reference counts are not atomic).
template <typename Job>
void in_threads(size_t n, Job job) {
    if (n == 1) {
        job(0);
        return;
    }
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (size_t i = 0; i < n; i++) {
        auto run = [&, i]() {
            try {
                job(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        };
        try {
            threads.emplace_back(run);
        } catch (...) {
            // no thread to be had (std::system_error, or std::bad_alloc for its state): this
            // one runs it; letting it escape would destroy joinable threads (terminate)
            run();
        }
    }
    for (std::thread &t : threads) t.join();
    for (std::exception_ptr &e : errors)
        if (e) std::rethrow_exception(e);
}

bool shard_by_shard(const xc_db *db);

}  // namespace

// ------------------------------------------------------------------------------------------
// Misc

const char *xc_status_to_string(xc_status status) {
    switch (enum_value(status)) {
    case XC_OK: return "ok";
    case XC_NOT_FOUND: return "not found";
    case XC_LOCKED: return "index is locked";
    case XC_CORRUPT: return "index is corrupt";
    case XC_VERSION: return "unsupported index version";
    case XC_OPENING: return "cannot open index";
    case XC_IO: return "database I/O error";
    case XC_MODIFIED: return "index modified during read; reopen and retry";
    case XC_NETWORK: return "network error";
    case XC_INVALID_ARGUMENT: return "invalid argument";
    case XC_UNSUPPORTED: return "unsupported operation";
    case XC_NO_MEMORY: return "out of memory";
    case XC_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *xc_version_string(void) {
    return Xapian::version_string();
}

// ------------------------------------------------------------------------------------------
// Writable index

xc_status xc_wdb_open(const char *path, xc_open_mode mode, xc_wdb **out, char **err) {
    clear_err(err);
    if (out) *out = nullptr;
    std::string msg;
    if (!path || !out) {
        give_err("xc_wdb_open: NULL argument", err);
        return XC_INVALID_ARGUMENT;
    }
    int action;
    const int m = enum_value(mode);
    switch (m) {
    case XC_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
    case XC_OPEN: action = Xapian::DB_OPEN; break;
    case XC_CREATE: action = Xapian::DB_CREATE; break;
    default:
        give_err("xc_wdb_open: bad open mode", err);
        return XC_INVALID_ARGUMENT;
    }
    xc_status st = guard(&msg, path, [&]() -> xc_status {
        if (m == XC_OPEN && path_missing(path))
            return fail(&msg, XC_NOT_FOUND, no_index_at(path));
        xc_wdb *h = new xc_wdb;
        try {
            h->db = Xapian::WritableDatabase(path, action | Xapian::DB_BACKEND_GLASS);
            h->path = path;
        } catch (...) {
            delete h;
            throw;
        }
        *out = h;
        return XC_OK;
    });
    if (st != XC_OK) give_err(msg, err);
    return st;
}

xc_status xc_wdb_close(xc_wdb *wdb) {
    if (!wdb) return XC_OK;
    xc_status st = guard(&wdb->err, wdb->path.c_str(), [&]() -> xc_status {
        xc_status s = XC_OK;
        if (wdb->in_txn) {
            wdb->in_txn = false;
            s = guard(&wdb->err, nullptr, [&]() -> xc_status {
                wdb->db.cancel_transaction();
                return XC_OK;
            });
        }
        wdb->db.commit();
        wdb->db.close();
        return s;
    });
    try {
        delete wdb;
    } catch (...) {
    }
    return st;
}

const char *xc_wdb_last_error(const xc_wdb *wdb) {
    return wdb ? wdb->err.c_str() : "NULL handle";
}

xc_status xc_wdb_begin(xc_wdb *wdb) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        wdb->db.begin_transaction(true);
        wdb->in_txn = true;
        return XC_OK;
    });
}

xc_status xc_wdb_commit(xc_wdb *wdb) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        if (wdb->in_txn) {
            wdb->in_txn = false;  // Xapian ends the transaction whatever happens
            wdb->db.commit_transaction();
        } else {
            wdb->db.commit();
        }
        return XC_OK;
    });
}

xc_status xc_wdb_cancel(xc_wdb *wdb) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        wdb->in_txn = false;  // cancelled even if Xapian throws
        wdb->db.cancel_transaction();  // InvalidOperationError if no transaction
        return XC_OK;
    });
}

xc_status xc_wdb_replace(xc_wdb *wdb, const char *unique_term, const xc_doc *doc,
                         xc_docid *docid_out) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!unique_term || !doc)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_replace: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        Xapian::docid id = wdb->db.replace_document(std::string(unique_term), doc->doc);
        if (docid_out) *docid_out = id;
        return XC_OK;
    });
}

xc_status xc_wdb_add(xc_wdb *wdb, const xc_doc *doc, xc_docid *docid_out) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!doc) return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_add: NULL document");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        Xapian::docid id = wdb->db.add_document(doc->doc);
        if (docid_out) *docid_out = id;
        return XC_OK;
    });
}

xc_status xc_wdb_delete(xc_wdb *wdb, const char *unique_term) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!unique_term)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_delete: NULL term");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        wdb->db.delete_document(std::string(unique_term));
        return XC_OK;
    });
}

xc_status xc_wdb_term_exists(xc_wdb *wdb, const char *term, int *exists) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!term || !exists)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_term_exists: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        *exists = wdb->db.term_exists(std::string(term)) ? 1 : 0;
        return XC_OK;
    });
}

xc_status xc_wdb_doc_count(xc_wdb *wdb, unsigned long *count) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!count) return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_doc_count: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        *count = wdb->db.get_doccount();
        return XC_OK;
    });
}

xc_status xc_wdb_set_metadata(xc_wdb *wdb, const char *key, const char *value, size_t len) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!key || (!value && len))
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_set_metadata: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        wdb->db.set_metadata(std::string(key), bytes(value, len));
        return XC_OK;
    });
}

xc_status xc_wdb_get_metadata(xc_wdb *wdb, const char *key, char **value, size_t *len) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!key || !value)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_get_metadata: NULL argument");
    *value = nullptr;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        return dup_out(wdb->db.get_metadata(std::string(key)), value, len);
    });
}

xc_status xc_wdb_add_spelling(xc_wdb *wdb, const char *word, unsigned freqinc) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!word) return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_add_spelling: NULL word");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        wdb->db.add_spelling(std::string(word), freqinc);
        return XC_OK;
    });
}

namespace {

// The first document indexed by `term` in `db`; false if there is none.
bool doc_by_term(const Xapian::Database &db, const std::string &term, Xapian::Document &doc) {
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return false;
    doc = db.get_document(*p);
    return true;
}

}  // namespace

xc_status xc_wdb_get_value_by_term(xc_wdb *wdb, const char *unique_term, unsigned slot,
                                   char **out, size_t *len) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!unique_term || !out)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_get_value_by_term: NULL argument");
    *out = nullptr;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        Xapian::Document d;
        if (!doc_by_term(wdb->db, unique_term, d))
            return fail(&wdb->err, XC_NOT_FOUND,
                        std::string("no document indexed by ") + unique_term);
        return dup_out(d.get_value(slot), out, len);
    });
}

xc_status xc_wdb_get_data_by_term(xc_wdb *wdb, const char *unique_term, char **out,
                                  size_t *len) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!unique_term || !out)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_get_data_by_term: NULL argument");
    *out = nullptr;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        Xapian::Document d;
        if (!doc_by_term(wdb->db, unique_term, d))
            return fail(&wdb->err, XC_NOT_FOUND,
                        std::string("no document indexed by ") + unique_term);
        return dup_out(d.get_data(), out, len);
    });
}

// ------------------------------------------------------------------------------------------
// Documents

xc_status xc_doc_new(xc_doc **out) {
    if (!out) return XC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        *out = new xc_doc;
        return XC_OK;
    });
}

void xc_doc_free(xc_doc *doc) {
    delete doc;
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos,
                             unsigned wdfinc) {
    if (!doc || !term) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        doc->doc.add_posting(bytes(term, len), pos, wdfinc);
        return XC_OK;
    });
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdfinc) {
    if (!doc || !term) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        doc->doc.add_term(bytes(term, len), wdfinc);
        return XC_OK;
    });
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len) {
    if (!doc || !term) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        doc->doc.add_boolean_term(bytes(term, len));
        return XC_OK;
    });
}

xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len) {
    if (!doc || (!value && len)) return XC_INVALID_ARGUMENT;
    if (slot == Xapian::BAD_VALUENO) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        doc->doc.add_value(slot, bytes(value, len));
        return XC_OK;
    });
}

xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len) {
    if (!doc || (!data && len)) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        doc->doc.set_data(bytes(data, len));
        return XC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// Read-only databases

namespace {

// Open-and-wrap helper for the xc_db constructors: `make` returns a Xapian::Database.
template <typename F>
xc_status make_db(xc_db **out, char **err, const char *ctx, F &&make) {
    clear_err(err);
    if (!out) {
        give_err("NULL output argument", err);
        return XC_INVALID_ARGUMENT;
    }
    *out = nullptr;
    std::string msg;
    xc_status st = guard(&msg, ctx, [&]() -> xc_status {
        xc_db *h = new xc_db;
        try {
            xc_status s = make(h->db, msg);
            if (s != XC_OK) {
                delete h;
                return s;
            }
        } catch (...) {
            delete h;
            throw;
        }
        *out = h;
        return XC_OK;
    });
    if (st != XC_OK) give_err(msg, err);
    return st;
}

}  // namespace

xc_status xc_db_open(const char *path, xc_db **out, char **err) {
    if (!path) {
        clear_err(err);
        if (out) *out = nullptr;
        give_err("xc_db_open: NULL path", err);
        return XC_INVALID_ARGUMENT;
    }
    return make_db(out, err, path, [&](Xapian::Database &db, std::string &msg) -> xc_status {
        if (path_missing(path)) return fail(&msg, XC_NOT_FOUND, no_index_at(path));
        db = Xapian::Database(path);
        return XC_OK;
    });
}

namespace {

// st, with *out (when opened) marked as a remote database.
xc_status mark_remote(xc_db **out, xc_status st) noexcept {
    if (st == XC_OK && out && *out) (*out)->remote = true;
    return st;
}

}  // namespace

xc_status xc_db_open_tcp(const char *host, unsigned port, unsigned timeout_ms,
                         unsigned connect_timeout_ms, xc_db **out, char **err) {
    if (!host || port == 0 || port > 65535) {
        clear_err(err);
        if (out) *out = nullptr;
        give_err("xc_db_open_tcp: NULL host or bad port", err);
        return XC_INVALID_ARGUMENT;
    }
    std::string ctx;
    try {
        ctx = std::string("tcp ") + host + ":" + std::to_string(port);
    } catch (...) {
        ctx.clear();
    }
    return mark_remote(out, make_db(out, err, ctx.c_str(),
                   [&](Xapian::Database &db, std::string &) -> xc_status {
                       useconds_t t = ms_or_default(timeout_ms);
                       useconds_t ct = connect_timeout_ms
                                           ? static_cast<useconds_t>(connect_timeout_ms)
                                           : t;
                       db = Xapian::Remote::open(std::string(host), port, t, ct);
                       return XC_OK;
                   }));
}

xc_status xc_db_open_prog(const char *program, const char *args, unsigned timeout_ms,
                          xc_db **out, char **err) {
    if (!program || !args) {
        clear_err(err);
        if (out) *out = nullptr;
        give_err("xc_db_open_prog: NULL argument", err);
        return XC_INVALID_ARGUMENT;
    }
    std::string ctx;
    try {
        ctx = std::string("program ") + program + " " + args;
    } catch (...) {
        ctx.clear();
    }
    return mark_remote(out, make_db(out, err, ctx.c_str(),
                   [&](Xapian::Database &db, std::string &) -> xc_status {
                       db = Xapian::Remote::open(std::string(program), std::string(args),
                                                 ms_or_default(timeout_ms));
                       return XC_OK;
                   }));
}

xc_status xc_db_new(xc_db **out) {
    return make_db(out, nullptr, nullptr, [](Xapian::Database &, std::string &) -> xc_status {
        return XC_OK;  // a default-constructed Database has no sub-databases
    });
}

xc_status xc_db_add(xc_db *db, const xc_db *sub) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!sub) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_add: NULL sub-database");
    if (sub == db)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_add: cannot add a database to itself");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        db->parts.reserve(db->parts.size() + 1);
        db->db.add_database(sub->db);
        db->parts.push_back(sub->db);
        db->remote = db->remote || sub->remote;
        return XC_OK;
    });
}

void xc_db_close(xc_db *db) {
    // No Database::close(): its shards may be shared with a combined xc_db (xc_db_add), which
    // must keep working.  The shards are closed when their last user goes away.
    delete db;
}

const char *xc_db_last_error(const xc_db *db) {
    return db ? db->err.c_str() : "NULL handle";
}

xc_status xc_db_reopen(xc_db *db) {
    if (!db) return XC_INVALID_ARGUMENT;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        db->db.reopen();
        return XC_OK;
    });
}

xc_status xc_db_reopen_changed(xc_db *db, int *changed) {
    if (!db) return XC_INVALID_ARGUMENT;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        bool c = db->db.reopen();
        if (changed) *changed = c ? 1 : 0;
        return XC_OK;
    });
}

xc_status xc_db_doc_count(xc_db *db, unsigned long *count) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!count) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_doc_count: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *count = db->db.get_doccount();
        return XC_OK;
    });
}

xc_status xc_db_avlength(xc_db *db, double *avlength) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!avlength) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_avlength: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *avlength = db->db.get_avlength();
        return XC_OK;
    });
}

xc_status xc_db_term_freq(xc_db *db, const char *term, unsigned long *freq) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!term || !freq)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_term_freq: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *freq = db->db.get_termfreq(std::string(term));
        return XC_OK;
    });
}

xc_status xc_db_collection_freq(xc_db *db, const char *term, unsigned long *freq) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!term || !freq)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_collection_freq: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *freq = db->db.get_collection_freq(std::string(term));
        return XC_OK;
    });
}

xc_status xc_db_term_exists(xc_db *db, const char *term, int *exists) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!term || !exists)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_term_exists: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *exists = db->db.term_exists(std::string(term)) ? 1 : 0;
        return XC_OK;
    });
}

xc_status xc_db_get_metadata(xc_db *db, const char *key, char **value, size_t *len) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!key || !value)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_get_metadata: NULL argument");
    *value = nullptr;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        return dup_out(db->db.get_metadata(std::string(key)), value, len);
    });
}

xc_status xc_db_get_data(xc_db *db, xc_docid docid, char **data, size_t *len) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!data) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_get_data: NULL argument");
    *data = nullptr;
    if (docid == 0) return fail(&db->err, XC_NOT_FOUND, "no document 0 (docids start at 1)");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        return dup_out(db->db.get_document(docid).get_data(), data, len);
    });
}

xc_status xc_db_get_value(xc_db *db, xc_docid docid, unsigned slot, char **value, size_t *len) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!value) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_get_value: NULL argument");
    *value = nullptr;
    if (docid == 0) return fail(&db->err, XC_NOT_FOUND, "no document 0 (docids start at 1)");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        return dup_out(db->db.get_document(docid).get_value(slot), value, len);
    });
}

xc_status xc_db_spelling_suggestion(xc_db *db, const char *word, char **out) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!word || !out)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_spelling_suggestion: NULL argument");
    *out = nullptr;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        return dup_out(db->db.get_spelling_suggestion(std::string(word), 2), out, nullptr);
    });
}

xc_status xc_db_allterms(xc_db *db, const char *prefix, xc_term_cb cb, void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!cb) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_allterms: NULL callback");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        const std::string pfx = prefix ? prefix : "";
        Xapian::TermIterator end = db->db.allterms_end(pfx);
        for (Xapian::TermIterator t = db->db.allterms_begin(pfx); t != end; ++t) {
            const std::string term = *t;
            if (cb(ctx, term.c_str(), term.size(), t.get_termfreq()) != 0) break;
        }
        return XC_OK;
    });
}

xc_status xc_db_termlist(xc_db *db, xc_docid docid, const char *prefix, xc_term_cb cb,
                         void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!cb) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_termlist: NULL callback");
    if (docid == 0) return fail(&db->err, XC_NOT_FOUND, "no document 0 (docids start at 1)");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        const std::string pfx = prefix ? prefix : "";
        Xapian::TermIterator t = db->db.termlist_begin(docid);
        Xapian::TermIterator end = db->db.termlist_end(docid);
        if (!pfx.empty()) t.skip_to(pfx);
        for (; t != end; ++t) {
            const std::string term = *t;
            if (term.compare(0, pfx.size(), pfx) != 0) break;
            if (cb(ctx, term.c_str(), term.size(), t.get_wdf()) != 0) break;
        }
        return XC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// Queries

namespace {

template <typename F>
xc_status make_query(xc_query **out, F &&make) {
    if (!out) return XC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        xc_query *h = new xc_query;
        try {
            h->q = make();
        } catch (...) {
            delete h;
            throw;
        }
        *out = h;
        return XC_OK;
    });
}

bool map_op(int op, Xapian::Query::op *xop) {
    switch (op) {
    case XC_OP_AND: *xop = Xapian::Query::OP_AND; return true;
    case XC_OP_OR: *xop = Xapian::Query::OP_OR; return true;
    case XC_OP_AND_NOT: *xop = Xapian::Query::OP_AND_NOT; return true;
    case XC_OP_XOR: *xop = Xapian::Query::OP_XOR; return true;
    case XC_OP_AND_MAYBE: *xop = Xapian::Query::OP_AND_MAYBE; return true;
    case XC_OP_FILTER: *xop = Xapian::Query::OP_FILTER; return true;
    case XC_OP_NEAR: *xop = Xapian::Query::OP_NEAR; return true;
    case XC_OP_PHRASE: *xop = Xapian::Query::OP_PHRASE; return true;
    case XC_OP_ELITE_SET: *xop = Xapian::Query::OP_ELITE_SET; return true;
    case XC_OP_SYNONYM: *xop = Xapian::Query::OP_SYNONYM; return true;
    case XC_OP_MAX: *xop = Xapian::Query::OP_MAX; return true;
    }
    return false;
}

// Iterator over an array of xc_query* yielding the wrapped Xapian::Query.
struct SubIter {
    typedef std::random_access_iterator_tag iterator_category;
    typedef Xapian::Query value_type;
    typedef std::ptrdiff_t difference_type;
    typedef const Xapian::Query *pointer;
    typedef const Xapian::Query &reference;
    xc_query *const *p;
    reference operator*() const { return (*p)->q; }
    SubIter &operator++() {
        ++p;
        return *this;
    }
    difference_type operator-(const SubIter &o) const { return p - o.p; }
    bool operator==(const SubIter &o) const { return p == o.p; }
    bool operator!=(const SubIter &o) const { return p != o.p; }
};

}  // namespace

xc_status xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
                        xc_query **out) {
    if (!term) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    return make_query(out, [&] { return Xapian::Query(bytes(term, len), wqf, pos); });
}

xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n, unsigned parameter,
                           xc_query **out) {
    Xapian::Query::op xop;
    const int o = enum_value(op);
    bool bad = !map_op(o, &xop) || (n > 0 && !subs);
    for (size_t i = 0; !bad && i < n; ++i)
        if (!subs[i]) bad = true;
    if (bad) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    // parameter is the window for NEAR/PHRASE and the set size for ELITE_SET; else ignored.
    Xapian::termcount window = 0;
    if (o == XC_OP_NEAR || o == XC_OP_PHRASE || o == XC_OP_ELITE_SET) window = parameter;
    return make_query(out, [&] {
        SubIter b{subs}, e{subs + n};
        return Xapian::Query(xop, b, e, window);
    });
}

xc_status xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_query **out) {
    if (slot == Xapian::BAD_VALUENO) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    return make_query(out, [&] {
        if (lo && hi) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        if (lo) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        if (hi) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string());
    });
}

xc_status xc_query_wildcard(const char *prefix, unsigned max_expansion, xc_query **out) {
    if (!prefix) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    return make_query(out, [&] {
        // Combined with OP_SYNONYM (Xapian's default): the same documents as OR, weighted as
        // one term.  (OP_OR also leaks a Weight inside Xapian 1.4.22 when the expansion limit
        // throws WildcardError.)
        return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix), max_expansion,
                             Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM);
    });
}

xc_status xc_query_scale(const xc_query *sub, double factor, xc_query **out) {
    if (!sub || !(factor >= 0) || std::isinf(factor)) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    return make_query(out, [&] { return Xapian::Query(factor, sub->q); });
}

xc_status xc_query_match_all(xc_query **out) {
    return make_query(out, [] { return Xapian::Query::MatchAll; });
}

xc_status xc_query_match_nothing(xc_query **out) {
    return make_query(out, [] { return Xapian::Query::MatchNothing; });
}

int xc_query_is_empty(const xc_query *q) {
    if (!q) return 1;
    int empty = 1;
    (void)guard(nullptr, nullptr, [&]() -> xc_status {
        empty = q->q.empty() ? 1 : 0;
        return XC_OK;
    });
    return empty;
}

char *xc_query_describe(const xc_query *q) {
    if (!q) return nullptr;
    char *out = nullptr;
    (void)guard(nullptr, nullptr, [&]() -> xc_status {
        return dup_out(q->q.get_description(), &out, nullptr);
    });
    return out;
}

void xc_query_free(xc_query *q) {
    delete q;
}

// ------------------------------------------------------------------------------------------
// Enquire and results

xc_status xc_enquire_new(xc_db *db, xc_enquire **out) {
    if (!out) return XC_INVALID_ARGUMENT;
    *out = nullptr;
    if (!db) return XC_INVALID_ARGUMENT;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        std::unique_ptr<xc_enquire> e(new xc_enquire(db->db));
        if (db->remote && shard_by_shard(db)) e->parts = db->parts;
        *out = e.release();
        return XC_OK;
    });
}

xc_status xc_enquire_new_boolean(xc_db *db, const xc_query *q, xc_enquire **out) {
    if (!out) return XC_INVALID_ARGUMENT;
    *out = nullptr;
    if (!db) return XC_INVALID_ARGUMENT;
    if (!q) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_enquire_new_boolean: NULL query");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        std::unique_ptr<xc_enquire> e(new xc_enquire(db->db));
        e->enq.set_query(q->q);
        e->enq.set_weighting_scheme(Xapian::BoolWeight());
        *out = e.release();
        return XC_OK;
    });
}

void xc_enquire_free(xc_enquire *enq) {
    delete enq;
}

const char *xc_enquire_last_error(const xc_enquire *enq) {
    return enq ? enq->err.c_str() : "NULL handle";
}

xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (!q) return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_set_query: NULL query");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        enq->enq.set_query(q->q);
        return XC_OK;
    });
}

xc_status xc_enquire_set_weighting(xc_enquire *enq, xc_weighting w, const double *params,
                                   size_t nparams) {
    if (!enq) return XC_INVALID_ARGUMENT;
    size_t maxp;
    const int scheme = enum_value(w);
    switch (scheme) {
    case XC_WEIGHT_BM25: maxp = 5; break;
    case XC_WEIGHT_BM25PLUS: maxp = 6; break;
    case XC_WEIGHT_LM: maxp = 4; break;
    case XC_WEIGHT_DPH:
    case XC_WEIGHT_TFIDF:
    case XC_WEIGHT_BOOL: maxp = 0; break;
    default:
        return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_set_weighting: bad scheme");
    }
    if (params && nparams > maxp)
        return fail(&enq->err, XC_INVALID_ARGUMENT,
                    "xc_enquire_set_weighting: too many parameters for this scheme");
    // p[i]: the caller's i-th parameter, or the default when not given.
    double p[6];
    auto fill = [&](std::initializer_list<double> defaults) {
        size_t i = 0;
        for (double d : defaults) {
            p[i] = (params && i < nparams) ? params[i] : d;
            ++i;
        }
    };
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        switch (scheme) {
        case XC_WEIGHT_BM25:
            fill({1.0, 0.0, 1.0, 0.5, 0.5});
            enq->enq.set_weighting_scheme(Xapian::BM25Weight(p[0], p[1], p[2], p[3], p[4]));
            break;
        case XC_WEIGHT_BM25PLUS:
            fill({1.0, 0.0, 1.0, 0.5, 0.5, 1.0});
            enq->enq.set_weighting_scheme(
                Xapian::BM25PlusWeight(p[0], p[1], p[2], p[3], p[4], p[5]));
            break;
        case XC_WEIGHT_DPH:
            enq->enq.set_weighting_scheme(Xapian::DPHWeight());
            break;
        case XC_WEIGHT_LM: {
            fill({0.0, 0.0, -1.0, -1.0});
            double sel = p[1];
            if (!(sel >= 0 && sel <= 5) || sel != std::floor(sel))
                return fail(&enq->err, XC_INVALID_ARGUMENT,
                            "xc_enquire_set_weighting: LM select_smoothing must be 0..5");
            Xapian::Weight::type_smoothing ts =
                sel == 0 ? Xapian::Weight::TWO_STAGE_SMOOTHING
                         : static_cast<Xapian::Weight::type_smoothing>(static_cast<int>(sel));
            enq->enq.set_weighting_scheme(Xapian::LMWeight(p[0], ts, p[2], p[3]));
            break;
        }
        case XC_WEIGHT_TFIDF:
            enq->enq.set_weighting_scheme(Xapian::TfIdfWeight());
            break;
        case XC_WEIGHT_BOOL:
            enq->enq.set_weighting_scheme(Xapian::BoolWeight());
            break;
        }
        return XC_OK;
    });
}

xc_status xc_enquire_sort_by_value(xc_enquire *enq, unsigned slot, int reverse,
                                   int relevance_second) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (slot == Xapian::BAD_VALUENO)
        return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_sort_by_value: bad slot");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        if (relevance_second)
            enq->enq.set_sort_by_value_then_relevance(slot, reverse != 0);
        else
            enq->enq.set_sort_by_value(slot, reverse != 0);
        return XC_OK;
    });
}

xc_status xc_enquire_sort_by_relevance(xc_enquire *enq) {
    if (!enq) return XC_INVALID_ARGUMENT;
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        enq->enq.set_sort_by_relevance();
        return XC_OK;
    });
}

xc_status xc_enquire_set_collapse_key(xc_enquire *enq, unsigned slot, unsigned max) {
    if (!enq) return XC_INVALID_ARGUMENT;
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        if (max == 0)
            enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
        else
            enq->enq.set_collapse_key(slot, max);
        return XC_OK;
    });
}

xc_status xc_enquire_get_mset(xc_enquire *enq, unsigned first, unsigned maxitems,
                              unsigned checkatleast, xc_mset **out) {
    if (!enq) {
        if (out) *out = nullptr;
        return XC_INVALID_ARGUMENT;
    }
    if (!out) return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_get_mset: NULL argument");
    *out = nullptr;
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        xc_mset *h = new xc_mset;
        try {
            h->mset = enq->enq.get_mset(first, maxitems, checkatleast);
            h->parts = enq->parts;
        } catch (...) {
            delete h;
            throw;
        }
        *out = h;
        return XC_OK;
    });
}

namespace {

// A count from the mset (0 for NULL or, defensively, if Xapian throws).
template <typename F>
unsigned long mset_count(const xc_mset *mset, F &&get) noexcept {
    if (!mset) return 0;
    unsigned long v = 0;
    (void)guard(nullptr, nullptr, [&]() -> xc_status {
        v = get(mset->mset);
        return XC_OK;
    });
    return v;
}

}  // namespace

unsigned xc_mset_size(const xc_mset *mset) {
    return static_cast<unsigned>(
        mset_count(mset, [](const Xapian::MSet &m) { return m.size(); }));
}

unsigned long xc_mset_matches_estimated(const xc_mset *mset) {
    return mset_count(mset, [](const Xapian::MSet &m) { return m.get_matches_estimated(); });
}

unsigned long xc_mset_matches_lower_bound(const xc_mset *mset) {
    return mset_count(mset, [](const Xapian::MSet &m) { return m.get_matches_lower_bound(); });
}

unsigned long xc_mset_matches_upper_bound(const xc_mset *mset) {
    return mset_count(mset, [](const Xapian::MSet &m) { return m.get_matches_upper_bound(); });
}

namespace {

// Fill *hit from the i-th hit (i < size, checked by the caller); data kept in mset->data.
void fill_hit(xc_mset *mset, unsigned i, xc_hit *hit, bool with_data = true) {
    Xapian::MSetIterator it = mset->mset[i];
    if (with_data)
        mset->data = i < mset->docs.size() ? mset->docs[i].get_data()
                                           : it.get_document().get_data();
    else
        mset->data.clear();
    hit->docid = *it;
    hit->rank = it.get_rank();
    hit->weight = it.get_weight();
    hit->percent = it.get_percent();
    hit->data = mset->data.c_str();
    hit->data_len = mset->data.size();
}

// Remote shards (mset->parts): every hit's document into mset->docs, each shard's in its own
// thread over its own connection.  Xapian 1.4's MSet::fetch() does not batch a remote
// shard's documents (a round trip each, one after the other); so the shards at least wait
// at the same time.  Returns false (nothing done) when the page needs no such fetch.
bool fetch_by_shard(xc_mset *mset) {
    const size_t n = mset->mset.size(), parts = mset->parts.size();
    if (parts < 2 || n < 2) return false;
    std::vector<std::vector<std::pair<unsigned, Xapian::docid>>> by_shard(parts);
    for (unsigned i = 0; i < n; i++) {
        const Xapian::docid d = *mset->mset[i];
        by_shard[(d - 1) % parts].emplace_back(i, (d - 1) / static_cast<Xapian::docid>(parts) + 1);
    }
    std::vector<size_t> busy;  // the shards some hit is on
    for (size_t k = 0; k < parts; k++)
        if (!by_shard[k].empty()) busy.push_back(k);
    std::vector<Xapian::Document> docs(n);
    in_threads(busy.size(), [&](size_t j) {
        const size_t k = busy[j];
        for (const auto &hit : by_shard[k]) docs[hit.first] = mset->parts[k].get_document(hit.second);
    });
    mset->docs.swap(docs);
    return true;
}

}  // namespace

xc_status xc_mset_get(xc_mset *mset, unsigned i, xc_hit *hit) {
    if (!mset) return XC_INVALID_ARGUMENT;
    if (!hit) return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_get: NULL hit");
    if (i >= mset->mset.size())
        return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_get: index out of range");
    return guard(&mset->err, nullptr, [&]() -> xc_status {
        fill_hit(mset, i, hit);
        return XC_OK;
    });
}

xc_status xc_mset_foreach(xc_mset *mset, xc_hit_cb cb, void *ctx) {
    if (!mset) return XC_INVALID_ARGUMENT;
    if (!cb) return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_foreach: NULL callback");
    return guard(&mset->err, nullptr, [&]() -> xc_status {
        // Every hit's document at once, kept for xc_mset_get_value: remote shards each in
        // its own thread (fetch_by_shard), else MSet::fetch().  Not for a page after the
        // first: Xapian 1.4's MSet::fetch() crashes on one.
        if (mset->docs.empty() && !fetch_by_shard(mset) && !mset->mset.empty() &&
            mset->mset.begin().get_rank() == 0)
            mset->mset.fetch();
        const unsigned n = mset->mset.size();
        for (unsigned i = 0; i < n; ++i) {
            xc_hit hit;
            fill_hit(mset, i, &hit);
            if (cb(ctx, &hit) != 0) break;
        }
        return XC_OK;
    });
}

xc_status xc_mset_foreach_docid(xc_mset *mset, xc_hit_cb cb, void *ctx) {
    if (!mset) return XC_INVALID_ARGUMENT;
    if (!cb) return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_foreach_docid: NULL callback");
    return guard(&mset->err, nullptr, [&]() -> xc_status {
        const unsigned n = mset->mset.size();
        for (unsigned i = 0; i < n; ++i) {
            xc_hit hit;
            fill_hit(mset, i, &hit, false);
            if (cb(ctx, &hit) != 0) break;
        }
        return XC_OK;
    });
}

xc_status xc_mset_get_value(xc_mset *mset, unsigned i, unsigned slot, char **value,
                            size_t *len) {
    if (!mset) return XC_INVALID_ARGUMENT;
    if (!value) return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_get_value: NULL value");
    *value = nullptr;
    if (i >= mset->mset.size())
        return fail(&mset->err, XC_INVALID_ARGUMENT, "xc_mset_get_value: index out of range");
    return guard(&mset->err, nullptr, [&]() -> xc_status {
        return dup_out(i < mset->docs.size() ? mset->docs[i].get_value(slot)
                                             : mset->mset[i].get_document().get_value(slot),
                       value, len);
    });
}

void xc_mset_free(xc_mset *mset) {
    delete mset;
}

// ------------------------------------------------------------------------------------------
// Maintenance

xc_status xc_compact(const char *const *sources, size_t n, const char *dest, char **err) {
    clear_err(err);
    if (!sources || n == 0 || !dest) {
        give_err("xc_compact: NULL or empty argument", err);
        return XC_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; ++i) {
        if (!sources[i]) {
            give_err("xc_compact: NULL source path", err);
            return XC_INVALID_ARGUMENT;
        }
    }
    std::string msg;
    const char *ctx = dest;
    xc_status st = guard(&msg, nullptr, [&]() -> xc_status {
        Xapian::Database all;
        for (size_t i = 0; i < n; ++i) {
            ctx = sources[i];
            if (path_missing(sources[i])) return fail(&msg, XC_NOT_FOUND, no_index_at(sources[i]));
            all.add_database(Xapian::Database(sources[i]));
        }
        ctx = dest;
        // Renumber docids (no DBCOMPACT_NO_RENUMBER): shards have overlapping docid ranges,
        // which NO_RENUMBER rejects.  Sources are concatenated in the order given.
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
        return XC_OK;
    });
    if (st != XC_OK) {
        // Append the path that was being processed when the error happened.
        try {
            if (st != XC_NOT_FOUND && st != XC_NO_MEMORY) msg += std::string(" [at ") + ctx + "]";
        } catch (...) {
        }
        give_err(msg, err);
    }
    return st;
}

// ------------------------------------------------------------------------------------------
// Analyst views: expand sets, value counts

namespace {

// Accepts terms of exactly one prefix: the prefix then a byte that is not an ASCII capital
// (Xapian's convention: "Z" + "word", not "ZS" + "word").
class ExactPrefixDecider : public Xapian::ExpandDecider {
    std::string prefix_;

  public:
    explicit ExactPrefixDecider(const std::string &prefix) : prefix_(prefix) {}
    bool operator()(const std::string &term) const override {
        if (term.size() <= prefix_.size() || term.compare(0, prefix_.size(), prefix_) != 0)
            return false;
        unsigned char c = static_cast<unsigned char>(term[prefix_.size()]);
        return prefix_.empty() || !(c >= 'A' && c <= 'Z');
    }
};

}  // namespace

xc_status xc_enquire_get_eset(xc_enquire *enq, const xc_docid *rset, size_t n,
                              unsigned maxitems, const char *prefix, int exclude_query_terms,
                              xc_eset_cb cb, void *ctx) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (!rset || n == 0 || !cb)
        return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_get_eset: NULL or empty argument");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        Xapian::RSet rs;
        for (size_t i = 0; i < n; ++i) rs.add_document(rset[i]);
        ExactPrefixDecider decider(prefix ? prefix : "");
        // Exact term frequencies, so that shards searched as one give one index's answer.
        int flags = Xapian::Enquire::USE_EXACT_TERMFREQ;
        if (!exclude_query_terms) flags |= Xapian::Enquire::INCLUDE_QUERY_TERMS;
        Xapian::ESet eset = enq->enq.get_eset(maxitems, rs, flags, &decider);
        for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) {
            const std::string term = *it;
            if (cb(ctx, term.data(), term.size(), it.get_weight()) != 0) break;
        }
        return XC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// Value counting during matching (entity facets)

xc_status xc_enquire_add_value_count(xc_enquire *enq, unsigned slot, unsigned *index) {
    if (!enq) return XC_INVALID_ARGUMENT;
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        enq->spies.reserve(enq->spies.size() + 1);
        Xapian::ValueCountMatchSpy *spy = new Xapian::ValueCountMatchSpy(slot);
        enq->enq.add_matchspy(spy->release());  // the enquire owns it from here on
        enq->spies.push_back(spy);
        if (index) *index = static_cast<unsigned>(enq->spies.size() - 1);
        return XC_OK;
    });
}

xc_status xc_enquire_count_values(xc_enquire *enq, unsigned slot, unsigned long checkatleast,
                                  xc_term_cb cb, void *ctx, unsigned long *matches) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (!cb) return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_count_values: NULL callback");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        Xapian::ValueCountMatchSpy spy(slot);
        enq->enq.add_matchspy(&spy);
        Xapian::MSet mset;
        try {
            Xapian::doccount check = static_cast<Xapian::doccount>(checkatleast);
            mset = enq->enq.get_mset(0, 0, check);
        } catch (...) {
            enq->enq.clear_matchspies();
            enq->spies.clear();
            throw;
        }
        enq->enq.clear_matchspies();
        enq->spies.clear();  // the entity-facet spies, if any, went with them
        if (matches) *matches = mset.get_matches_estimated();
        for (Xapian::TermIterator v = spy.values_begin(); v != spy.values_end(); ++v) {
            const std::string value = *v;
            if (cb(ctx, value.data(), value.size(), v.get_termfreq()) != 0) break;
        }
        return XC_OK;
    });
}

xc_status xc_enquire_value_counts(xc_enquire *enq, unsigned index, xc_term_cb cb, void *ctx) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (!cb || index >= enq->spies.size())
        return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_value_counts: bad argument");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        const Xapian::ValueCountMatchSpy *spy = enq->spies[index];
        Xapian::TermIterator end = spy->values_end();
        for (Xapian::TermIterator v = spy->values_begin(); v != end; ++v) {
            const std::string value = *v;
            if (cb(ctx, value.data(), value.size(), v.get_termfreq()) != 0) break;
        }
        return XC_OK;
    });
}

xc_status xc_db_value_freq(xc_db *db, unsigned slot, unsigned long *freq) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!freq) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_value_freq: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *freq = db->db.get_value_freq(slot);
        return XC_OK;
    });
}

xc_status xc_db_docid_by_term(xc_db *db, const char *term, xc_docid *docid) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!term || !docid)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_docid_by_term: NULL argument");
    *docid = 0;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        Xapian::PostingIterator p = db->db.postlist_begin(term);
        if (p == db->db.postlist_end(term)) return XC_NOT_FOUND;
        *docid = *p;
        return XC_OK;
    });
}

xc_status xc_mset_termfreq(xc_mset *mset, const char *term, size_t len, unsigned long *freq) {
    if (!mset || !term || !freq) return XC_INVALID_ARGUMENT;
    return guard(&mset->err, nullptr, [&]() -> xc_status {
        *freq = mset->mset.get_termfreq(std::string(term, len));
        return XC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// The match set as a bitmap, posting lists (exact entity facets on local shards)

namespace {

// A match spy that does nothing and cannot be serialised: Xapian refuses it for a remote
// shard (UnimplementedError) while setting the match up, before any document is looked at.
class LocalOnly : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document &, double) override {}
};

}  // namespace

xc_status xc_db_last_docid(xc_db *db, xc_docid *last) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!last) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_last_docid: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        *last = db->db.get_lastdocid();
        return XC_OK;
    });
}

xc_status xc_db_all_local(xc_db *db, int *local) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!local) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_all_local: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        Xapian::Enquire enq(db->db);
        enq.set_query(Xapian::Query::MatchAll);
        LocalOnly probe;
        enq.add_matchspy(&probe);
        try {
            (void)enq.get_mset(0u, 0u, 0u);
            *local = 1;
        } catch (const Xapian::UnimplementedError &) {
            *local = 0;  // a remote shard cannot take the custom spy
        }
        return XC_OK;
    });
}

xc_status xc_enquire_match_bits(xc_enquire *enq, unsigned long long *bits, xc_docid last,
                                unsigned long *matches) {
    if (!enq) return XC_INVALID_ARGUMENT;
    if (!bits || !matches)
        return fail(&enq->err, XC_INVALID_ARGUMENT, "xc_enquire_match_bits: NULL argument");
    return guard(&enq->err, nullptr, [&]() -> xc_status {
        enq->enq.clear_matchspies();
        enq->spies.clear();  // value-count spies, if any, go: this pass is on its own
        // Every match as an MSet item: its docid is the combined database's (a match spy
        // would see the shard's own docid).
        Xapian::doccount all = last + 1;
        Xapian::MSet mset = enq->enq.get_mset(0, all, all);
        unsigned long n = 0;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            Xapian::docid d = *it;
            if (d <= last) bits[d / 64] |= 1ull << (d % 64);
            ++n;
        }
        *matches = n;
        return XC_OK;
    });
}

namespace {

// Can query_bits answer q exactly?  Terms, match-all/nothing and the operators whose match
// set is a plain set operation of their subqueries' (weights aside).
bool bits_supported(const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::LEAF_MATCH_ALL:
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return true;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_SCALE_WEIGHT:
        break;
    default:
        return false;  // phrases, NEAR, value ranges, wildcards, ELITE_SET, XOR...
    }
    if (q.get_num_subqueries() == 0) return false;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (!bits_supported(q.get_subquery(i))) return false;
    return true;
}

// Was db built by xc_db_add from single shards (more than one)?  Then its parts can be read
// one by one, shard k's docid d being (d - 1) * parts + k + 1 in db.
bool shard_by_shard(const xc_db *db) {
    const size_t n = db->db.size();
    if (n < 2 || db->parts.size() != n) return false;
    for (const Xapian::Database &d : db->parts)
        if (d.size() != 1) return false;
    return true;
}

// Call f(docid) for every document of term's posting list in db, by db's combined docids:
// shard by shard when db was built from single shards (each shard's own list, its docids
// mapped: about half the cost of the combined list, which merges the shards' lists), else
// through db.
template <typename F>
void each_posting(const xc_db *db, const std::string &term, F f) {
    if (!shard_by_shard(db)) {
        Xapian::PostingIterator end = db->db.postlist_end(term);
        for (Xapian::PostingIterator p = db->db.postlist_begin(term); p != end; ++p) f(*p);
        return;
    }
    const size_t parts = db->parts.size();
    const Xapian::docid step = static_cast<Xapian::docid>(parts);
    for (size_t k = 0; k < parts; k++) {
        const Xapian::Database &d = db->parts[k];
        const Xapian::docid add = static_cast<Xapian::docid>(k + 1);
        Xapian::PostingIterator end = d.postlist_end(term);
        for (Xapian::PostingIterator p = d.postlist_begin(term); p != end; ++p)
            f((*p - 1) * step + add);
    }
}

// OR the match set of q (bits_supported) into bits (words words).
void query_bits(const xc_db *db, const Xapian::Query &q, unsigned long long *bits,
                size_t words, Xapian::docid last) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return;
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::LEAF_MATCH_ALL: {
        std::string term;  // "" iterates every document
        if (q.get_type() == Xapian::Query::LEAF_TERM) {
            Xapian::TermIterator t = q.get_terms_begin();
            if (t != q.get_terms_end()) term = *t;
        }
        each_posting(db, term, [&](Xapian::docid d) {
            if (d <= last) bits[d / 64] |= 1ull << (d % 64);
        });
        return;
    }
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            query_bits(db, q.get_subquery(i), bits, words, last);
        return;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        query_bits(db, q.get_subquery(0), bits, words, last);
        return;
    default: {  // AND, FILTER, AND_NOT: the first subquery's set, then the others applied
        std::vector<unsigned long long> acc(words), sub(words);
        query_bits(db, q.get_subquery(0), acc.data(), words, last);
        bool minus = q.get_type() == Xapian::Query::OP_AND_NOT;
        for (size_t i = 1; i < q.get_num_subqueries(); i++) {
            std::fill(sub.begin(), sub.end(), 0ull);
            query_bits(db, q.get_subquery(i), sub.data(), words, last);
            for (size_t w = 0; w < words; w++) acc[w] &= minus ? ~sub[w] : sub[w];
        }
        for (size_t w = 0; w < words; w++) bits[w] |= acc[w];
        return;
    }
    }
}

}  // namespace

xc_status xc_db_query_bits(xc_db *db, const xc_query *q, unsigned long long *bits,
                           xc_docid last, unsigned long *matches) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!q || !bits || !matches)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_query_bits: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        if (!bits_supported(q->q)) return XC_UNSUPPORTED;
        size_t words = last / 64 + 1;
        query_bits(db, q->q, bits, words, last);
        unsigned long n = 0;
        for (size_t w = 0; w < words; w++) n += static_cast<unsigned long>(__builtin_popcountll(bits[w]));
        *matches = n;
        return XC_OK;
    });
}

xc_status xc_db_postlist(xc_db *db, const char *term, size_t len, xc_docid_cb cb, void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!term || !cb) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_postlist: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        const std::string t(term, len);
        Xapian::PostingIterator end = db->db.postlist_end(t);
        for (Xapian::PostingIterator p = db->db.postlist_begin(t); p != end; ++p)
            if (cb(ctx, *p) != 0) break;
        return XC_OK;
    });
}

xc_status xc_db_count_postings(xc_db *db, const char *const *terms, const size_t *lens,
                               size_t n, const unsigned long long *bits, xc_docid last,
                               unsigned long *count) {
    return xc_db_count_postings_min(db, terms, lens, n, bits, last, 0, 0, count);
}

namespace {

// One posting list of term in d (ids mapped by step and add, as each_posting) against bits;
// *seen or *c gets the matches (see xc_db_count_postings_min), *left the postings not read
// yet of all the lists.  false: stopped, the count can no longer reach need.
bool count_list(const Xapian::Database &d, const std::string &term, Xapian::docid step,
                Xapian::docid add, const unsigned long long *bits, xc_docid last, bool several,
                unsigned long need, unsigned long *left, std::vector<Xapian::docid> &seen,
                unsigned long *c) {
    // m: the matches so far (several lists: seen's, a document of several perhaps twice);
    // m + l bounds the count while the caller's total holds (none once it is used up), so
    // the reading stops when l < need - m (`under`) with l > 0
    unsigned long l = *left, m = several ? static_cast<unsigned long>(seen.size()) : *c;
    unsigned long under = need > m ? need - m : 0;
    bool whole = true;
    const Xapian::docid first = add - step;  // (d - 1) * step + add == d * step + first
    Xapian::PostingIterator end = d.postlist_end(term);
    for (Xapian::PostingIterator p = d.postlist_begin(term); p != end; ++p) {
        Xapian::docid id = *p * step + first;
        l -= l != 0;
        if (id <= last && (bits[id / 64] >> (id % 64) & 1)) {
            if (several) seen.push_back(id);
            m++;
            under -= under != 0;
        }
        if (l < under && l) {
            whole = false;
            break;
        }
    }
    *left = l;
    if (!several) *c = m;
    return whole;
}

// The arguments of xc_db_count_keys, checked for `fn` (the public function called, named in
// the message): XC_OK, or XC_INVALID_ARGUMENT with the message kept on db.
xc_status check_count_keys(xc_db *db, const xc_key_count *keys, size_t n,
                           const unsigned long long *bits, const char *fn) noexcept {
    char msg[128];
    if ((n && !keys) || !bits) {
        snprintf(msg, sizeof msg, "%s: NULL argument (%s)", fn, bits ? "keys" : "bits");
        return fail(&db->err, XC_INVALID_ARGUMENT, msg);
    }
    for (size_t k = 0; k < n; k++) {
        if (keys[k].n && (!keys[k].terms || !keys[k].lens)) {
            snprintf(msg, sizeof msg, "%s: key %zu: NULL %s", fn, k,
                     keys[k].terms ? "lens" : "terms");
            return fail(&db->err, XC_INVALID_ARGUMENT, msg);
        }
        for (size_t i = 0; i < keys[k].n; i++)
            if (!keys[k].terms[i]) {
                snprintf(msg, sizeof msg, "%s: key %zu: NULL term %zu", fn, k, i);
                return fail(&db->err, XC_INVALID_ARGUMENT, msg);
            }
    }
    return XC_OK;
}

// xc_db_count_keys, its arguments checked.
xc_status count_keys(xc_db *db, xc_key_count *keys, size_t n, const unsigned long long *bits,
                     xc_docid last) {
    return guard(&db->err, nullptr, [&]() -> xc_status {
        struct key_state {
            std::vector<Xapian::docid> seen;  // several lists: the matches, to count each once
            unsigned long c = 0, left = 0;
            bool whole = true;                // false: stopped, below need
        };
        std::vector<key_state> state(n);
        // (i, term, key): a key's i-th term, read in rounds (every key's first terms, then
        // its second...), each round shard by shard in term order
        std::vector<std::tuple<size_t, std::string, size_t>> lists;
        for (size_t k = 0; k < n; k++) {
            state[k].left = keys[k].need ? keys[k].postings : 0;
            for (size_t i = 0; i < keys[k].n; i++)
                lists.emplace_back(i, std::string(keys[k].terms[i], keys[k].lens[i]), k);
        }
        // In term order, each list found first through the shard's own cursor (term_exists),
        // whose blocks a posting list's cursor starts from: neighbouring lists share the
        // B-tree's branch and often leaf blocks, read once instead of once a list.  A key's
        // terms in the caller's order: its longest lists first stop it soonest.
        std::sort(lists.begin(), lists.end());
        const bool by_part = shard_by_shard(db);
        const size_t parts = by_part ? db->parts.size() : 1;
        const Xapian::docid step = by_part ? static_cast<Xapian::docid>(parts) : 1;
        for (size_t from = 0, to = 0; from < lists.size(); from = to) {
            while (to < lists.size() && std::get<0>(lists[to]) == std::get<0>(lists[from])) to++;
            for (size_t part = 0; part < parts; part++) {
                const Xapian::Database &d = by_part ? db->parts[part] : db->db;
                const Xapian::docid add = by_part ? static_cast<Xapian::docid>(part + 1) : 1;
                for (size_t j = from; j < to; j++) {
                    const std::string &term = std::get<1>(lists[j]);
                    const size_t k = std::get<2>(lists[j]);
                    key_state &ks = state[k];
                    if (!ks.whole) continue;
                    (void)d.term_exists(term);
                    ks.whole = count_list(d, term, step, add, bits, last, keys[k].n > 1,
                                          keys[k].need, &ks.left, ks.seen, &ks.c);
                }
            }
        }
        for (size_t k = 0; k < n; k++) {
            key_state &ks = state[k];
            unsigned long c = ks.c;
            if (ks.whole && keys[k].n > 1) {
                std::sort(ks.seen.begin(), ks.seen.end());
                c = static_cast<unsigned long>(std::unique(ks.seen.begin(), ks.seen.end()) -
                                               ks.seen.begin());
            }
            // stopped, or below need however it was found: 0, the caller cannot use it
            keys[k].count = !ks.whole || c < keys[k].need ? 0 : c;
        }
        return XC_OK;
    });
}

}  // namespace

xc_status xc_db_count_postings_min(xc_db *db, const char *const *terms, const size_t *lens,
                                   size_t n, const unsigned long long *bits, xc_docid last,
                                   unsigned long postings, unsigned long need,
                                   unsigned long *count) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!count)
        return fail(&db->err, XC_INVALID_ARGUMENT,
                    "xc_db_count_postings_min: NULL argument (count)");
    xc_key_count key = {terms, lens, n, postings, need, 0};
    xc_status st = check_count_keys(db, &key, 1, bits, "xc_db_count_postings_min");
    if (st == XC_OK) st = count_keys(db, &key, 1, bits, last);
    if (st == XC_OK) *count = key.count;
    return st;
}

xc_status xc_db_count_keys(xc_db *db, xc_key_count *keys, size_t n,
                           const unsigned long long *bits, xc_docid last) {
    if (!db) return XC_INVALID_ARGUMENT;
    xc_status st = check_count_keys(db, keys, n, bits, "xc_db_count_keys");
    return st == XC_OK ? count_keys(db, keys, n, bits, last) : st;
}

// ------------------------------------------------------------------------------------------
// Every match of a query, shard by shard (exact entity facets on remote shards)

namespace {

// Every match of query (serialised) on one database, as combined docids: shard `part` of
// `parts` (parts == 1: the database is the combined one).
void part_matches(const Xapian::Database &d, const std::string &query, size_t part, size_t parts,
                  std::vector<Xapian::docid> &out) {
    Xapian::Enquire enq(d);
    enq.set_query(Xapian::Query::unserialise(query));
    enq.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::doccount all = d.get_doccount();
    Xapian::MSet mset = enq.get_mset(0, all, all);
    out.reserve(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        // a shard's docid d is (d - 1) * parts + part + 1 in the combined database
        out.push_back((*it - 1) * static_cast<Xapian::docid>(parts) +
                      static_cast<Xapian::docid>(part) + 1);
}

// Every document of groups of terms with, for each, which groups it has (bit g: group g),
// on one database (see part_matches): the query (xc_db_term_groups) ORs, for each group g,
// a FixedWeightPostingSource of weight 2^g filtered by the group's terms (facet terms are
// Boolean: they weigh nothing themselves), so that a document's weight is the sum of 2^g
// over its groups: exact in a double for g < 53, serialised exactly by the remote protocol,
// and the posting source is one xapian-tcpsrv knows.
void part_group_matches(const Xapian::Database &d, const std::string &query, size_t part,
                        size_t parts, std::vector<std::pair<Xapian::docid, uint64_t>> &out) {
    Xapian::Enquire enq(d);
    enq.set_query(Xapian::Query::unserialise(query));  // default weighting: not BoolWeight
    enq.set_docid_order(Xapian::Enquire::DONT_CARE);
    Xapian::doccount all = d.get_doccount();
    Xapian::MSet mset = enq.get_mset(0, all, all);
    out.reserve(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        double w = it.get_weight();
        uint64_t mask = static_cast<uint64_t>(w);
        if (w < 1 || static_cast<double>(mask) != w)
            throw Xapian::InternalError("term groups: a weight is not a sum of groups");
        out.emplace_back((*it - 1) * static_cast<Xapian::docid>(parts) +
                             static_cast<Xapian::docid>(part) + 1, mask);
    }
}

// Run job(part, parts, out[part]) for each part of db, one thread a part when db was built by
// xc_db_add from single shards (each thread its own shard, hence its own connection), else
// once over db; the first error is rethrown here.
template <typename T, typename Job>
void by_parts(xc_db *db, std::vector<std::vector<T>> &out, Job job) {
    const bool by_part = shard_by_shard(db);
    const size_t n = db->parts.size();
    out.assign(by_part ? n : 1, std::vector<T>());
    if (!by_part) {
        job(db->db, 0, 1, out[0]);
        return;
    }
    in_threads(n, [&](size_t i) { job(db->parts[i], i, n, out[i]); });
}

}  // namespace

xc_status xc_db_match_docids(xc_db *db, const xc_query *q, xc_docid_cb cb, void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!q || !cb) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_match_docids: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        // Shard by shard, each in its own thread: remote shards then send their MSets at the
        // same time and each is read as it comes, instead of the client merging every
        // shard's items into one combined MSet (2.5 times faster on two remote shards).  A
        // thread gets its own copy of the query (Xapian's reference counts are not atomic)
        // and its own shard (a connection is not shared); db itself waits meanwhile.
        const std::string query = q->q.serialise();
        std::vector<std::vector<Xapian::docid>> found;
        by_parts(db, found, [&](const Xapian::Database &d, size_t part, size_t parts,
                                std::vector<Xapian::docid> &out) {
            part_matches(d, query, part, parts, out);
        });
        for (const std::vector<Xapian::docid> &part : found)
            for (Xapian::docid d : part)
                if (cb(ctx, d) != 0) return XC_OK;
        return XC_OK;
    });
}

xc_status xc_db_term_groups(xc_db *db, const xc_query *within, const char *const *terms,
                            const size_t *lens, const unsigned *groups, size_t n,
                            xc_docmask_cb cb, void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if ((n && (!terms || !lens || !groups)) || !cb)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_term_groups: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (groups[i] >= XC_TERM_GROUPS_MAX)
            return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_term_groups: group out of range");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        std::vector<std::vector<Xapian::Query>> by_group(XC_TERM_GROUPS_MAX);
        for (size_t i = 0; i < n; i++)
            by_group[groups[i]].emplace_back(std::string(terms[i], lens[i]));
        std::vector<Xapian::Query> subs;
        for (unsigned g = 0; g < XC_TERM_GROUPS_MAX; g++) {
            if (by_group[g].empty()) continue;
            Xapian::Query weight(
                (new Xapian::FixedWeightPostingSource(std::ldexp(1.0, static_cast<int>(g))))
                    ->release());
            subs.emplace_back(Xapian::Query::OP_FILTER, weight,
                              Xapian::Query(Xapian::Query::OP_OR, by_group[g].begin(),
                                            by_group[g].end()));
        }
        if (subs.empty()) return XC_OK;
        Xapian::Query any(Xapian::Query::OP_OR, subs.begin(), subs.end());
        if (within) any = Xapian::Query(Xapian::Query::OP_FILTER, any, within->q);
        const std::string query = any.serialise();
        std::vector<std::vector<std::pair<Xapian::docid, uint64_t>>> found;
        by_parts(db, found, [&](const Xapian::Database &d, size_t part, size_t parts,
                                std::vector<std::pair<Xapian::docid, uint64_t>> &out) {
            part_group_matches(d, query, part, parts, out);
        });
        for (const auto &part : found)
            for (const auto &dm : part)
                if (cb(ctx, dm.first, static_cast<unsigned long long>(dm.second)) != 0)
                    return XC_OK;
        return XC_OK;
    });
}

namespace {

// The arguments of a walk over prefixed terms (xc_db_allterms_by_part, xc_wdb_allterms):
// XC_OK, or XC_INVALID_ARGUMENT with "<fn>: NULL ..." in *err.
xc_status check_prefixes(std::string *err, const char *fn, const char *const *prefixes,
                         size_t n, bool have_cb) noexcept {
    const char *what = (n && !prefixes) || !have_cb ? ": NULL argument" : nullptr;
    for (size_t i = 0; !what && i < n; i++)
        if (!prefixes[i]) what = ": NULL prefix";
    if (!what) return XC_OK;
    try {
        *err = std::string(fn) + what;
    } catch (...) {
        err->clear();
    }
    return XC_INVALID_ARGUMENT;
}

// f(i, term, termfreq) for every term of d starting with prefixes[i], prefix by prefix, each
// in byte order, until f returns true.
template <typename F>
void each_prefixed_term(const Xapian::Database &d, const char *const *prefixes, size_t n, F f) {
    for (size_t i = 0; i < n; i++) {
        const std::string prefix(prefixes[i]);
        Xapian::TermIterator end = d.allterms_end(prefix);
        for (Xapian::TermIterator t = d.allterms_begin(prefix); t != end; ++t)
            if (f(i, *t, t.get_termfreq())) return;
    }
}

}  // namespace

xc_status xc_db_allterms_by_part(xc_db *db, const char *const *prefixes, size_t n,
                                 xc_prefixed_term_cb cb, void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (check_prefixes(&db->err, "xc_db_allterms_by_part", prefixes, n, cb != nullptr) != XC_OK)
        return XC_INVALID_ARGUMENT;
    return guard(&db->err, nullptr, [&]() -> xc_status {
        // A remote shard sends its terms one message each: the shards at the same time, each
        // read as it comes (no merging into one sorted list), roughly halves the time on two.
        struct entry {
            size_t prefix;
            std::string term;
            Xapian::doccount freq;
        };
        std::vector<std::vector<entry>> found;
        by_parts(db, found, [&](const Xapian::Database &d, size_t, size_t,
                                std::vector<entry> &out) {
            each_prefixed_term(d, prefixes, n,
                               [&](size_t i, std::string &&term, Xapian::doccount freq) {
                                   out.push_back(entry{i, std::move(term), freq});
                                   return false;
                               });
        });
        for (const std::vector<entry> &part : found)
            for (const entry &e : part)
                if (cb(ctx, e.prefix, e.term.data(), e.term.size(), e.freq) != 0) return XC_OK;
        return XC_OK;
    });
}

// ------------------------------------------------------------------------------------------
// Entity dictionary snapshots: a shard's facet terms, kept in its metadata

namespace {
xc_shard_stamp stamp_of(const Xapian::Database &d) {
    xc_shard_stamp st;
    st.doccount = d.get_doccount();
    st.lastdocid = d.get_lastdocid();
    st.total_length = d.get_total_length();
    return st;
}
}  // namespace

xc_status xc_wdb_stamp(xc_wdb *wdb, xc_shard_stamp *out) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!out) return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_stamp: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        *out = stamp_of(wdb->db);
        return XC_OK;
    });
}

xc_status xc_wdb_allterms(xc_wdb *wdb, const char *const *prefixes, size_t n,
                          xc_prefixed_term_cb cb, void *ctx) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (check_prefixes(&wdb->err, "xc_wdb_allterms", prefixes, n, cb != nullptr) != XC_OK)
        return XC_INVALID_ARGUMENT;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        each_prefixed_term(wdb->db, prefixes, n,
                           [&](size_t i, const std::string &term, Xapian::doccount freq) {
                               return cb(ctx, i, term.data(), term.size(), freq) != 0;
                           });
        return XC_OK;
    });
}

xc_status xc_db_part_count(xc_db *db, size_t *parts) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!parts) return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_part_count: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        const size_t n = db->db.size();
        if (n > 1 && !shard_by_shard(db))
            return fail(&db->err, XC_UNSUPPORTED, "xc_db_part_count: not shard by shard");
        *parts = n ? n : 1;
        return XC_OK;
    });
}

xc_status xc_wdb_postlist(xc_wdb *wdb, const char *term, size_t len, xc_docid_cb cb,
                          void *ctx) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!term || !cb) return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_postlist: NULL argument");
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        const std::string t(term, len);
        Xapian::PostingIterator end = wdb->db.postlist_end(t);
        for (Xapian::PostingIterator p = wdb->db.postlist_begin(t); p != end; ++p)
            if (cb(ctx, *p) != 0) break;
        return XC_OK;
    });
}

namespace {

// Each term of one document's termlist (open(t, end) sets [t, end)) starting with one of
// prefixes[0..n), handed to emit(prefix, term, len).  true: emit asked to stop.
template <typename Open, typename Emit>
bool prefixed_terms(Open &&open, const char *const *prefixes, size_t n, Emit &&emit) {
    for (size_t i = 0; i < n; i++) {
        const std::string pfx(prefixes[i]);
        Xapian::TermIterator t, end;
        open(t, end);
        for (t.skip_to(pfx); t != end; ++t) {
            const std::string term = *t;
            if (term.compare(0, pfx.size(), pfx) != 0) break;
            if (emit(i, term.data(), term.size()) != 0) return true;
        }
    }
    return false;
}

}  // namespace

xc_status xc_doc_prefixed_terms(const xc_doc *doc, const char *const *prefixes, size_t n,
                                xc_prefixed_term_cb cb, void *ctx) {
    if (!doc || (n && !prefixes) || !cb) return XC_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!prefixes[i]) return XC_INVALID_ARGUMENT;
    return guard(nullptr, nullptr, [&]() -> xc_status {
        prefixed_terms(
            [&](Xapian::TermIterator &t, Xapian::TermIterator &end) {
                t = doc->doc.termlist_begin();
                end = doc->doc.termlist_end();
            },
            prefixes, n, [&](size_t i, const char *term, size_t len) {
                return cb(ctx, i, term, len, 0);
            });
        return XC_OK;
    });
}

xc_status xc_wdb_prefixed_terms_of(xc_wdb *wdb, const char *unique_term,
                                   const char *const *prefixes, size_t n, xc_doc_term_cb cb,
                                   void *ctx) {
    if (!wdb) return XC_INVALID_ARGUMENT;
    if (!unique_term)
        return fail(&wdb->err, XC_INVALID_ARGUMENT, "xc_wdb_prefixed_terms_of: NULL argument");
    if (check_prefixes(&wdb->err, "xc_wdb_prefixed_terms_of", prefixes, n, cb != nullptr) !=
        XC_OK)
        return XC_INVALID_ARGUMENT;
    return guard(&wdb->err, nullptr, [&]() -> xc_status {
        const std::string u(unique_term);
        Xapian::PostingIterator end = wdb->db.postlist_end(u);
        for (Xapian::PostingIterator p = wdb->db.postlist_begin(u); p != end; ++p) {
            const Xapian::docid d = *p;
            if (prefixed_terms(
                    [&](Xapian::TermIterator &t, Xapian::TermIterator &e) {
                        t = wdb->db.termlist_begin(d);
                        e = wdb->db.termlist_end(d);
                    },
                    prefixes, n,
                    [&](size_t i, const char *term, size_t len) {
                        return cb(ctx, d, i, term, len);
                    }))
                break;
        }
        return XC_OK;
    });
}

xc_status xc_db_metadata_by_part(xc_db *db, const char *key, xc_part_metadata_cb cb,
                                 void *ctx) {
    if (!db) return XC_INVALID_ARGUMENT;
    if (!key || !cb)
        return fail(&db->err, XC_INVALID_ARGUMENT, "xc_db_metadata_by_part: NULL argument");
    return guard(&db->err, nullptr, [&]() -> xc_status {
        const size_t n = db->db.size();
        if (n > 1 && !shard_by_shard(db))
            return fail(&db->err, XC_UNSUPPORTED, "xc_db_metadata_by_part: not shard by shard");
        if (n > 1 && db->remote) {
            // a round trip a shard (and the value's bytes: a snapshot is hundreds of KB):
            // the shards at the same time, each in its own thread over its own connection
            std::vector<std::string> values(n);
            std::vector<xc_shard_stamp> stamps(n);
            const std::string k(key);
            in_threads(n, [&](size_t i) {
                values[i] = db->parts[i].get_metadata(k);
                stamps[i] = stamp_of(db->parts[i]);
            });
            for (size_t i = 0; i < n; i++)
                if (cb(ctx, i, values[i].data(), values[i].size(), &stamps[i]) != 0) return XC_OK;
            return XC_OK;
        }
        for (size_t i = 0; i < n; i++) {
            const Xapian::Database &d = n > 1 ? db->parts[i] : db->db;
            const std::string v = d.get_metadata(std::string(key));
            const xc_shard_stamp st = stamp_of(d);
            if (cb(ctx, i, v.data(), v.size(), &st) != 0) return XC_OK;
        }
        return XC_OK;
    });
}
