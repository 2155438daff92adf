#include "SharedMutex.h"

#ifdef _WIN32
#include <windows.h>

namespace deskauth::api {
namespace {
static_assert(sizeof(SRWLOCK) == sizeof(void*), "SharedMutex holds an SRWLOCK in one pointer");
PSRWLOCK srw(void*& storage) { return reinterpret_cast<PSRWLOCK>(&storage); }
}  // namespace

void SharedMutex::lock() { AcquireSRWLockExclusive(srw(srwlock_)); }
bool SharedMutex::try_lock() { return TryAcquireSRWLockExclusive(srw(srwlock_)) != 0; }
void SharedMutex::unlock() { ReleaseSRWLockExclusive(srw(srwlock_)); }
void SharedMutex::lock_shared() { AcquireSRWLockShared(srw(srwlock_)); }
bool SharedMutex::try_lock_shared() { return TryAcquireSRWLockShared(srw(srwlock_)) != 0; }
void SharedMutex::unlock_shared() { ReleaseSRWLockShared(srw(srwlock_)); }

}  // namespace deskauth::api
#endif
