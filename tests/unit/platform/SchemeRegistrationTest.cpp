#include "platform/SchemeRegistration.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#if defined(_WIN32)
#include <windows.h>
#endif

#include <fstream>
#include <sstream>

using namespace deskauth;

#if !defined(_WIN32)  // the freedesktop registration; Windows' is at the end of the file

namespace {

// Points XDG_DATA_HOME / XDG_CONFIG_HOME at a fresh folder for one test.
class TemporaryXdg {
public:
    TemporaryXdg() {
        root_.createDirectories();
        Poco::Environment::set("XDG_DATA_HOME", root_.path() + "/data");
        Poco::Environment::set("XDG_CONFIG_HOME", root_.path() + "/config");
    }
    const std::string& path() const { return root_.path(); }

private:
    Poco::TemporaryFile root_;
};

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string xdgMimeDefault(const std::string& scheme) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch("xdg-mime", {"query", "default", "x-scheme-handler/" + scheme}, nullptr, &out, nullptr);
    Poco::PipeInputStream in(out);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    handle.wait();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

const SchemeHandler handler{"com.deskauth.desktop", "/opt/deskauth/bin/deskauth", "/etc/deskauth/desktop.json"};

}  // namespace

TEST(SchemeRegistration, RegistersPerUserAndXdgMimeFindsIt) {
    TemporaryXdg xdg;
    EXPECT_FALSE(SchemeRegistration::isRegistered(handler));
    SchemeRegistration::registerHandler(handler);
    EXPECT_TRUE(SchemeRegistration::isRegistered(handler));
    const std::string desktop = read(SchemeRegistration::desktopFilePath(handler.scheme));
    EXPECT_NE(desktop.find("MimeType=x-scheme-handler/com.deskauth.desktop;"), std::string::npos);
    // plain paths unquoted: xdg-open's generic handler does not strip quotes
    EXPECT_NE(desktop.find("Exec=/opt/deskauth/bin/deskauth --config /etc/deskauth/desktop.json %u"), std::string::npos);
    // The real freedesktop tool agrees that we are the handler.
    EXPECT_EQ(xdgMimeDefault(handler.scheme), SchemeRegistration::desktopFileName(handler.scheme));
}

TEST(SchemeRegistration, IsIdempotentAndKeepsOtherDefaults) {
    TemporaryXdg xdg;
    Poco::File(xdg.path() + "/config").createDirectories();
    {
        std::ofstream out(SchemeRegistration::mimeappsPath());
        out << "[Default Applications]\ntext/html=firefox.desktop\n\n[Added Associations]\nimage/png=gimp.desktop;\n";
    }
    SchemeRegistration::registerHandler(handler);
    const std::string once = read(SchemeRegistration::mimeappsPath());
    SchemeRegistration::registerHandler(handler);
    EXPECT_EQ(read(SchemeRegistration::mimeappsPath()), once);
    EXPECT_NE(once.find("text/html=firefox.desktop"), std::string::npos);
    EXPECT_NE(once.find("image/png=gimp.desktop;"), std::string::npos);
    EXPECT_EQ(once.find("x-scheme-handler/com.deskauth.desktop="), once.rfind("x-scheme-handler/com.deskauth.desktop="));
}

TEST(SchemeRegistration, UnregisterRemovesExactlyWhatWasAdded) {
    TemporaryXdg xdg;
    SchemeRegistration::registerHandler(handler);
    SchemeRegistration::unregisterHandler(handler.scheme);
    EXPECT_FALSE(SchemeRegistration::isRegistered(handler));
    EXPECT_FALSE(Poco::File(SchemeRegistration::desktopFilePath(handler.scheme)).exists());
    EXPECT_EQ(read(SchemeRegistration::mimeappsPath()).find("com.deskauth.desktop"), std::string::npos);
    EXPECT_EQ(xdgMimeDefault(handler.scheme), "");
}

TEST(SchemeRegistration, QuotesPathsWithReservedCharacters) {
    SchemeHandler spaced = handler;
    spaced.executable = "/home/a b/deskauth";
    spaced.configFile = "/home/a b/100%$.json";
    const std::string desktop = SchemeRegistration::desktopFileContent(spaced);
    EXPECT_NE(desktop.find("Exec=\"/home/a b/deskauth\" --config \"/home/a b/100%%\\\\$.json\" %u"), std::string::npos)
        << desktop;
}

TEST(SchemeRegistration, DetectsAMovedExecutable) {
    TemporaryXdg xdg;
    SchemeRegistration::registerHandler(handler);
    SchemeHandler moved = handler;
    moved.executable = "/usr/bin/deskauth";
    EXPECT_FALSE(SchemeRegistration::isRegistered(moved));
}

#else  // Windows: HKCU\Software\Classes\<scheme>, as Microsoft's "Registering an Application to a URI Scheme"

namespace {

const SchemeHandler handler{"com.deskauth.wine-test", "C:\\Program Files\\DeskAuth\\deskauth.exe",
                            "C:\\ProgramData\\DeskAuth\\desktop.json"};

std::wstring registryValue(const std::wstring& key, const wchar_t* name) {
    wchar_t value[2048];
    DWORD size = sizeof value;
    if (RegGetValueW(HKEY_CURRENT_USER, key.c_str(), name, RRF_RT_REG_SZ, nullptr, value, &size) != ERROR_SUCCESS) {
        return L"(missing)";
    }
    return value;
}

}  // namespace

TEST(SchemeRegistration, RegistersTheUrlProtocolForThisUserAndRemovesItAgain) {
    SchemeRegistration::unregisterHandler(handler.scheme);
    EXPECT_FALSE(SchemeRegistration::isRegistered(handler));
    SchemeRegistration::registerHandler(handler);
    EXPECT_TRUE(SchemeRegistration::isRegistered(handler));
    const std::wstring key = L"Software\\Classes\\com.deskauth.wine-test";
    EXPECT_EQ(registryValue(key, L"URL Protocol"), L"");
    EXPECT_EQ(registryValue(key + L"\\shell\\open\\command", nullptr),
              L"\"C:\\Program Files\\DeskAuth\\deskauth.exe\" --config \"C:\\ProgramData\\DeskAuth\\desktop.json\" \"%1\"");
    SchemeHandler moved = handler;
    moved.executable = "C:\\Users\\me\\deskauth.exe";
    EXPECT_FALSE(SchemeRegistration::isRegistered(moved));
    SchemeRegistration::unregisterHandler(handler.scheme);
    EXPECT_FALSE(SchemeRegistration::isRegistered(handler));
    EXPECT_EQ(registryValue(key, L"URL Protocol"), L"(missing)");
}

#endif
