#include "platform/SchemeRegistration.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <fstream>
#include <sstream>
#include <vector>

#if defined(_WIN32)
#include "platform/WideString.h"

#include <windows.h>
#endif

namespace deskauth {
namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const std::string& path, const std::string& content) {
    Poco::File(Poco::Path(path).parent()).createDirectories();
    const std::string temporary = path + ".deskauth-tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << content;
        if (!out) throw StorageError("The sign-in link handler could not be registered.", "cannot write " + path);
    }
    Poco::File(temporary).renameTo(path);
}

std::string xdgDir(const char* variable, const char* fallback) {
    std::string dir = Poco::Environment::get(variable, "");
    return dir.empty() ? Poco::Path::home() + fallback : dir;
}

// Quotes an Exec argument when it needs it (Desktop Entry Specification, "The Exec key"). Plain
// paths stay unquoted: xdg-open's generic handler (xdg-utils 1.1) splits Exec on spaces and does not
// strip quotes, so a quoted plain path would not run under it.
std::string execQuote(const std::string& argument) {
    static const std::string reserved = " \t\n\"'\\><~|&;$*?#()`";
    const bool quoted = argument.find_first_of(reserved) != std::string::npos;
    std::string out;
    for (char c : argument) {
        if (quoted && (c == '"' || c == '`' || c == '$' || c == '\\')) out += "\\\\";
        if (c == '%') out += '%';
        out += c;
    }
    return quoted ? "\"" + out + "\"" : out;
}

// Sets or removes `key` in the [Default Applications] group of mimeapps.list, keeping the rest.
std::string withDefault(const std::string& content, const std::string& key, const std::string& value) {
    std::istringstream in(content);
    std::vector<std::string> lines;
    std::string line;
    const std::string prefix = key + "=";
    const std::string entry = prefix + value;
    bool inDefaults = false, sawDefaults = false, written = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.front() == '[') {
            if (inDefaults && !written && !value.empty()) lines.push_back(entry), written = true;
            inDefaults = line == "[Default Applications]";
            sawDefaults = sawDefaults || inDefaults;
        } else if (inDefaults && line.rfind(prefix, 0) == 0) {
            if (!value.empty() && !written) lines.push_back(entry), written = true;
            continue;
        }
        lines.push_back(line);
    }
    if (!value.empty() && !written) {
        if (!sawDefaults) lines.emplace_back("[Default Applications]");
        if (inDefaults || !sawDefaults) {
            lines.push_back(entry);
        } else {  // the group exists earlier in the file: insert after its header
            for (auto it = lines.begin(); it != lines.end(); ++it) {
                if (*it == "[Default Applications]") {
                    lines.insert(it + 1, entry);
                    break;
                }
            }
        }
    }
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

}  // namespace

std::string SchemeRegistration::desktopFileName(const std::string& scheme) { return "deskauth-" + scheme + ".desktop"; }

std::string SchemeRegistration::desktopFilePath(const std::string& scheme) {
    return xdgDir("XDG_DATA_HOME", ".local/share") + "/applications/" + desktopFileName(scheme);
}

std::string SchemeRegistration::mimeappsPath() { return xdgDir("XDG_CONFIG_HOME", ".config") + "/mimeapps.list"; }

std::string SchemeRegistration::desktopFileContent(const SchemeHandler& handler) {
    std::string exec = execQuote(handler.executable);
    if (!handler.configFile.empty()) exec += " --config " + execQuote(handler.configFile);
    return "[Desktop Entry]\n"
           "Type=Application\n"
           "Name=DeskAuth\n"
           "Comment=Completes DeskAuth sign-ins that finish in the browser\n"
           "Exec=" + exec + " %u\n"
           "Icon=deskauth\n"
           "Terminal=false\n"
           "NoDisplay=true\n"
           "MimeType=x-scheme-handler/" + handler.scheme + ";\n";
}

#if defined(_WIN32)

namespace {
void setValue(const std::wstring& key, const wchar_t* name, const std::wstring& value) {
    if (RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), name, REG_SZ, value.c_str(),
                        static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) != ERROR_SUCCESS) {
        throw StorageError("The sign-in link handler could not be registered.", "RegSetKeyValueW failed");
    }
}
std::wstring command(const SchemeHandler& handler) {
    std::wstring cmd = L"\"" + widen(handler.executable) + L"\"";
    if (!handler.configFile.empty()) cmd += L" --config \"" + widen(handler.configFile) + L"\"";
    return cmd + L" \"%1\"";
}
}  // namespace

void SchemeRegistration::registerHandler(const SchemeHandler& handler) {
    const std::wstring key = L"Software\\Classes\\" + widen(handler.scheme);
    setValue(key, nullptr, L"URL:DeskAuth sign-in");
    setValue(key, L"URL Protocol", L"");
    setValue(key + L"\\shell\\open\\command", nullptr, command(handler));
}

void SchemeRegistration::unregisterHandler(const std::string& scheme) {
    RegDeleteTreeW(HKEY_CURRENT_USER, (L"Software\\Classes\\" + widen(scheme)).c_str());
}

bool SchemeRegistration::isRegistered(const SchemeHandler& handler) {
    wchar_t value[2048];
    DWORD size = sizeof value;
    const std::wstring key = L"Software\\Classes\\" + widen(handler.scheme) + L"\\shell\\open\\command";
    return RegGetValueW(HKEY_CURRENT_USER, key.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, value, &size) == ERROR_SUCCESS &&
           command(handler) == value;
}

#elif defined(__APPLE__)

// The scheme is declared in the bundle's Info.plist (CFBundleURLTypes); Launch Services picks it
// up when the app is installed, and URLs arrive as Apple Events (wxApp::MacOpenURL).
void SchemeRegistration::registerHandler(const SchemeHandler&) {}
void SchemeRegistration::unregisterHandler(const std::string&) {}
bool SchemeRegistration::isRegistered(const SchemeHandler&) { return true; }

#else

void SchemeRegistration::registerHandler(const SchemeHandler& handler) {
    writeFile(desktopFilePath(handler.scheme), desktopFileContent(handler));
    const std::string mimeapps = mimeappsPath();
    const std::string current = Poco::File(mimeapps).exists() ? readFile(mimeapps) : "";
    const std::string updated = withDefault(current, "x-scheme-handler/" + handler.scheme, desktopFileName(handler.scheme));
    if (updated != current) writeFile(mimeapps, updated);
    log::get("platform").information("registered %s as the handler of %s:", handler.executable, handler.scheme);
}

void SchemeRegistration::unregisterHandler(const std::string& scheme) {
    Poco::File desktop(desktopFilePath(scheme));
    if (desktop.exists()) desktop.remove();
    const std::string mimeapps = mimeappsPath();
    if (Poco::File(mimeapps).exists()) {
        const std::string current = readFile(mimeapps);
        const std::string updated = withDefault(current, "x-scheme-handler/" + scheme, "");
        if (updated != current) writeFile(mimeapps, updated);
    }
}

bool SchemeRegistration::isRegistered(const SchemeHandler& handler) {
    const std::string desktop = desktopFilePath(handler.scheme);
    if (!Poco::File(desktop).exists() || readFile(desktop) != desktopFileContent(handler)) return false;
    const std::string mimeapps = mimeappsPath();
    if (!Poco::File(mimeapps).exists()) return false;
    return readFile(mimeapps).find("x-scheme-handler/" + handler.scheme + "=" + desktopFileName(handler.scheme)) !=
           std::string::npos;
}

#endif

}  // namespace deskauth
