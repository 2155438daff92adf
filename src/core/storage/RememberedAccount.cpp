#include "storage/RememberedAccount.h"

#include "log/Log.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace deskauth {
namespace {

Poco::Logger& rememberedAccountLog() { return log::get("storage"); }

bool keepable(const std::string& name) {
    return !name.empty() && name.size() <= RememberedAccount::kMaxLength &&
           name.find_first_of("\r\n") == std::string::npos && name.find('\0') == std::string::npos;
}

}  // namespace

RememberedAccount::RememberedAccount(std::filesystem::path file) : file_(std::move(file)) {}

std::optional<std::string> RememberedAccount::readLocked() const {
    std::ifstream in(file_, std::ios::binary);
    if (!in) return std::nullopt;
    std::string name;
    std::getline(in, name);
    return keepable(name) ? std::optional(name) : std::nullopt;
}

std::string RememberedAccount::name() {
    std::lock_guard lock(mutex_);
    if (!cached_) cached_ = file_.empty() ? "" : readLocked().value_or("");
    return *cached_;
}

void RememberedAccount::remember(const std::string& name) {
    if (!keepable(name)) return;
    std::lock_guard lock(mutex_);
    cached_ = name;
    if (file_.empty()) return;
    std::error_code error;
    std::filesystem::create_directories(file_.parent_path(), error);
    // written beside it, owner-only, then renamed over it: never half a name
    const std::filesystem::path partial = file_.string() + ".new";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out << name << '\n';
        if (!out.flush()) {
            rememberedAccountLog().warning("could not remember the account name in %s", file_.string());
            return;
        }
    }
    std::filesystem::permissions(partial, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, error);
    std::filesystem::rename(partial, file_, error);
    if (error) rememberedAccountLog().warning("could not remember the account name in %s: %s", file_.string(), error.message());
}

void RememberedAccount::forget() {
    std::lock_guard lock(mutex_);
    cached_ = "";
    if (file_.empty()) return;
    std::error_code error;
    std::filesystem::remove(file_, error);
    if (error) rememberedAccountLog().warning("could not forget the account name in %s: %s", file_.string(), error.message());
}

}  // namespace deskauth
