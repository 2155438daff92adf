#pragma once
// A lock shared by every DeskAuth process of this user for one session (authority + client id),
// held around a token refresh. With refresh-token rotation, two instances refreshing with the
// same refresh token at once would make the server see a reuse and revoke the grant (RFC 9700
// §4.14.2); holding this lock across "re-read the store, refresh, save" makes the second instance
// find the first one's new tokens instead. flock() on Unix (released by the OS if we crash), a
// named mutex on Windows. Blocking; not reentrant.
// Threads: lock() blocks until every other process released it; one owner thread at a time (the
// Session holds it under its refresh mutex).
#include <string>

namespace deskauth {

class CrossProcessLock {
public:
    // `name` identifies the session; it is hashed into the lock file name.
    explicit CrossProcessLock(const std::string& name);
    ~CrossProcessLock();
    CrossProcessLock(const CrossProcessLock&) = delete;
    CrossProcessLock& operator=(const CrossProcessLock&) = delete;

    void lock();
    void unlock();

    const std::string& path() const { return path_; }

private:
    std::string path_;
#if defined(_WIN32)
    void* handle_ = nullptr;
#else
    int fd_ = -1;
#endif
};

}  // namespace deskauth
