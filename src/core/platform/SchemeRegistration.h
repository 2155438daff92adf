#pragma once
// Registers DeskAuth as the handler of its private-use URI scheme for the current user only, so no
// administrator rights are needed (RFC 8252 §7.1):
//  - Linux: a .desktop file with MimeType=x-scheme-handler/<scheme> in
//    $XDG_DATA_HOME/applications and the default in $XDG_CONFIG_HOME/mimeapps.list;
//  - Windows: HKCU\Software\Classes\<scheme> with "URL Protocol" and shell\open\command;
//  - macOS: CFBundleURLTypes in the bundle's Info.plist (packaging/macos), so nothing to do here.
// Idempotent; unregister() removes exactly what register wrote.
// Threads: blocking file (or registry) writes; call them off the UI thread or before the UI starts.
// Not for concurrent use.
#include <string>

namespace deskauth {

struct SchemeHandler {
    std::string scheme;      // e.g. com.deskauth.desktop
    std::string executable;  // absolute path of deskauth
    std::string configFile;  // passed back with --config, may be empty
};

class SchemeRegistration {
public:
    // Throws StorageError when the files/keys cannot be written.
    static void registerHandler(const SchemeHandler& handler);
    static void unregisterHandler(const std::string& scheme);
    // True when this exact handler (executable and config) is registered.
    static bool isRegistered(const SchemeHandler& handler);

    // Linux details, public for tests and packaging.
    static std::string desktopFileName(const std::string& scheme);
    static std::string desktopFilePath(const std::string& scheme);
    static std::string mimeappsPath();
    static std::string desktopFileContent(const SchemeHandler& handler);
};

}  // namespace deskauth
