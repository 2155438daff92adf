#pragma once
// The readers/writer lock of the API's shared caches (ClaimsCache). Meets the standard's
// SharedMutex requirements, so std::shared_lock and std::unique_lock work with it. Any thread.
//
// Linux: std::shared_mutex. Windows: the system's slim reader/writer lock (SRWLOCK) instead,
// because MinGW-w64's std::shared_mutex is winpthreads' pthread_rwlock_t, which is initialised
// lazily on first use, and that first use races between threads (msys2/MINGW-packages#25193,
// aws/aws-lc#1530): under Wine, ClaimsCacheConcurrency found 101 entries in a cache of 100, i.e. two
// writers inside the exclusive lock at once. SRWLOCK needs no initialisation beyond zero (SRWLOCK_INIT)
// and is what the Windows SDK's own std::shared_mutex is built on.
#ifdef _WIN32

namespace deskauth::api {

class SharedMutex {
public:
    SharedMutex() = default;
    SharedMutex(const SharedMutex&) = delete;
    SharedMutex& operator=(const SharedMutex&) = delete;

    void lock();
    bool try_lock();
    void unlock();
    void lock_shared();
    bool try_lock_shared();
    void unlock_shared();

private:
    void* srwlock_ = nullptr;  // an SRWLOCK (one pointer, SRWLOCK_INIT is all zero), without <windows.h> here
};

}  // namespace deskauth::api

#else
#include <shared_mutex>

namespace deskauth::api {
using SharedMutex = std::shared_mutex;
}  // namespace deskauth::api

#endif
