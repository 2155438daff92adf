#include "storage/CrossProcessLock.h"

#include "errors/Errors.h"
#if !defined(_WIN32)
#include "platform/PrivateRuntimeDir.h"
#endif

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#endif

namespace deskauth {
namespace {

std::string hashed(const std::string& name) {
    Poco::SHA2Engine sha;
    sha.update(name);
    return Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 24);
}

}  // namespace

#if defined(_WIN32)

CrossProcessLock::CrossProcessLock(const std::string& name) : path_("Local\\deskauth-refresh-" + hashed(name)) {
    handle_ = CreateMutexA(nullptr, FALSE, path_.c_str());
    if (!handle_) throw StorageError("The session could not be protected against parallel renewal.", "CreateMutexA failed");
}
CrossProcessLock::~CrossProcessLock() { CloseHandle(static_cast<HANDLE>(handle_)); }
void CrossProcessLock::lock() { WaitForSingleObject(static_cast<HANDLE>(handle_), INFINITE); }
void CrossProcessLock::unlock() { ReleaseMutex(static_cast<HANDLE>(handle_)); }

#else

CrossProcessLock::CrossProcessLock(const std::string& name) {
    std::string dir;
    try {
        dir = privateRuntimeDir();  // not a /tmp folder another user prepared for us
    } catch (const std::runtime_error& e) {
        throw StorageError("The session could not be protected against parallel renewal.", e.what());
    }
    path_ = dir + "/refresh-" + hashed(name) + ".lock";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) {
        throw StorageError("The session could not be protected against parallel renewal.",
                           "open " + path_ + ": " + std::strerror(errno));
    }
    ::fchmod(fd_, 0600);  // owner-only even if an older file was made with a wider mode
}

CrossProcessLock::~CrossProcessLock() {
    if (fd_ >= 0) ::close(fd_);
}

void CrossProcessLock::lock() {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
}

void CrossProcessLock::unlock() { ::flock(fd_, LOCK_UN); }

#endif

}  // namespace deskauth
