#include "diagnostics/LocalChecks.h"

#include "diagnostics/PortOwner.h"
#include "platform/SchemeRegistration.h"
#include "storage/TokenStoreFactory.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>

namespace deskauth {
namespace {

// Binds the port the way LoopbackListener does (127.0.0.1 only, RFC 8252 §8.3) and lets it go.
bool portIsFree(int port) {
    try {
        Poco::Net::ServerSocket socket;
#if defined(_WIN32)
        const bool reuseAddress = false;
#else
        const bool reuseAddress = true;
#endif
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), reuseAddress, false);
        socket.listen(1);
        socket.close();
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::string describeBusy(int port) {
    std::string text = std::to_string(port);
    if (auto owner = findListeningPortOwner(port)) {
        text += " (" + owner->name + ", pid " + std::to_string(owner->pid) + ")";
    } else {
        text += " (owner not visible to this user)";
    }
    return text;
}

}  // namespace

void checkLoopbackPorts(const Configuration& config, DiagnosticReport& report) {
    constexpr const char* check = "Loopback ports";
    if (config.redirect.mode != RedirectMode::Loopback) {
        report.add({check, CheckStatus::Skipped, std::string("not used: redirect.mode is '") + toString(config.redirect.mode) + "'", ""});
        return;
    }
    const auto& range = config.redirect.loopbackPorts;
    std::string busy;
    int firstFree = 0;
    for (int port = range.first; port <= range.last; ++port) {
        if (portIsFree(port)) {
            if (firstFree == 0) firstFree = port;
        } else {
            busy += (busy.empty() ? "" : ", ") + describeBusy(port);
        }
    }
    const std::string rangeText = "127.0.0.1:" + std::to_string(range.first) + "-" + std::to_string(range.last);
    if (firstFree == 0) {
        report.add({check, CheckStatus::Problem, "every port of " + rangeText + " is in use: " + busy,
                    "close the programs named, or register more loopback redirect URIs with the provider and widen "
                    "redirect.loopbackPorts"});
    } else if (!busy.empty()) {
        report.add({check, CheckStatus::Ok,
                    std::to_string(firstFree) + " is free and would be used; busy: " + busy, ""});
    } else {
        report.add({check, CheckStatus::Ok, "all of " + rangeText + " are free", ""});
    }
}

void checkSchemeRegistration(const Configuration& config, const std::string& executable, DiagnosticReport& report) {
    constexpr const char* check = "Private URI scheme";
    const std::string& scheme = config.redirect.privateScheme;
    if (config.redirect.mode != RedirectMode::PrivateUri) {
        report.add({check, CheckStatus::Skipped, std::string("not used: redirect.mode is '") + toString(config.redirect.mode) + "'", ""});
        return;
    }
    // The window registers with the configuration path as given; --register-scheme with it made absolute.
    const bool registered =
        SchemeRegistration::isRegistered({scheme, executable, config.sourceFile}) ||
        SchemeRegistration::isRegistered({scheme, executable, Poco::Path(config.sourceFile).absolute().toString()});
    if (registered) {
        report.add({check, CheckStatus::Ok, scheme + ": opens " + executable, ""});
    } else {
        report.add({check, CheckStatus::Warning,
                    scheme + ": is not registered to open " + executable + " with this configuration",
                    "DeskAuth registers it when its window opens; or run: deskauth --config " + config.sourceFile +
                        " --register-scheme"});
    }
}

void checkSecretStore(const Configuration& config, std::chrono::milliseconds promptTimeout, DiagnosticReport& report) {
    constexpr const char* check = "Secret store";
    const StorageBackend backend = resolveStorageBackend(config, currentPlatform());
    if (backend == StorageBackend::Memory) {
        report.add({check, CheckStatus::Warning, "storage.backend is 'memory': sessions end when DeskAuth closes",
                    "set storage.backend to 'auto' to keep sessions in the system keyring"});
        return;
    }
    // Opens the store exactly as the app does (reach it, unlock it); no item is read.
    TokenStoreOptions options;
    options.userPromptTimeout = promptTimeout;
    TokenStoreChoice choice = chooseTokenStore(config, options);
    if (choice.fallbackNotice) {
        report.add({check, CheckStatus::Warning,
                    std::string(toString(backend)) + " cannot be used, so sessions would be kept in memory only: " +
                        choice.fallbackNotice->details(),
                    "sign-in works, but you sign in again at every start; run DeskAuth in a desktop session with a "
                    "keyring (GNOME Keyring, KWallet, KeePassXC) and unlock it"});
        return;
    }
    report.add({check, CheckStatus::Ok, std::string(toString(backend)) + " reachable and unlocked", ""});
}

}  // namespace deskauth
