#include "platform/PrivateRuntimeDir.h"

#include <Poco/Environment.h>

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

namespace deskauth {

std::string privateRuntimeDir() {
    std::string dir = Poco::Environment::get("XDG_RUNTIME_DIR", "");
    if (!dir.empty()) return dir;
    dir = "/tmp/deskauth-" + std::to_string(::getuid());
    ::mkdir(dir.c_str(), 0700);
    struct stat info {};
    if (::lstat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::getuid() ||
        (info.st_mode & 077) != 0) {
        throw std::runtime_error(dir + " is not a private folder of this user");
    }
    return dir;
}

}  // namespace deskauth
