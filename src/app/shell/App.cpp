// Entry point: command line, configuration, logging, then the main window.
#include "config/Configuration.h"
#include "diagnostics/SettingsOrigins.h"
#include "errors/Errors.h"
#include "log/Log.h"
#include "shell/AppServices.h"
#include "shell/ConfigLocator.h"
#include "shell/GlProbe.h"
#include "shell/MainFrame.h"
#include "shell/Startup.h"
#include "shell/UserFolders.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/UnicodeConverter.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>
#include <wx/wx.h>

#include <iostream>

namespace deskauth::app {
namespace {

class DeskAuthApp final : public wxApp {
public:
    bool OnInit() override;
    // The command line was parsed (and the wx-free options handled) before wx started.
    void OnInitCmdLine(wxCmdLineParser&) override {}
    bool OnCmdLineParsed(wxCmdLineParser&) override { return true; }
#if defined(__APPLE__)
    // macOS delivers private-scheme URLs as Apple Events, not on the command line.
    void MacOpenURL(const wxString& url) override {
        if (frame_) frame_->handleRedirect(url.utf8_string());
    }
#endif

    static CommandLine commandLine;

private:
    void fail(const Error& error);

    MainFrame* frame_ = nullptr;
};

CommandLine DeskAuthApp::commandLine;

void DeskAuthApp::fail(const Error& error) {
    std::cerr << "deskauth: " << error.userMessage() << " [error ID " << error.id() << "]\n";
    wxMessageBox(wxString::FromUTF8(error.userMessage()) + "\n\nError ID: " + wxString::FromUTF8(error.id()),
                 "DeskAuth cannot start", wxOK | wxICON_ERROR);
}

bool DeskAuthApp::OnInit() {
    restoreGlSetting();  // GTK has opened the display: what we start gets the user's environment
    if (!wxApp::OnInit()) return false;
    SetAppName("deskauth");
    SetAppDisplayName("DeskAuth");
    const std::string& logLevel = commandLine.logLevel;
    log::configure(logLevel.empty() ? "info" : logLevel);
    try {
        std::string path = commandLine.configPath;
        if (path.empty()) path = locateConfig(argv[0].utf8_string());
        if (path.empty()) throw ConfigurationError("desktop.json", "(file)", "was not found (use --config PATH)");
        Configuration config = Configuration::load(path);
        // No log.file: the platform's default (Windows: %LOCALAPPDATA%\DeskAuth\Logs, since a
        // GUI-subsystem process has no console; elsewhere stderr only). UserFolders.h.
        std::string logFile = config.log.file;
        std::string logFolderProblem;
        if (logFile.empty() && !(logFile = defaultLogFile()).empty()) {
            try {
                Poco::File(Poco::Path(logFile).parent()).createDirectories();
            } catch (const Poco::Exception& e) {
                logFolderProblem = e.displayText();
                logFile.clear();
            }
        }
        log::configure(logLevel.empty() ? config.log.level : logLevel, logFile);
        if (!logFolderProblem.empty()) log::get("app").warning("no log file: %s", logFolderProblem);
        log::get("app").information("DeskAuth %s starting with %s", std::string(DESKAUTH_VERSION), path);
        for (const auto& policy : config.provenance.policySources) log::get("app").information("Policy in effect: %s", policy);
        // The user's own file was not obeyed for these: said, so that nobody wonders why an edit does nothing.
        for (const auto& notice : lockedOverrideNotices(config.provenance)) log::get("app").warning(notice);
        auto* frame = new MainFrame(AppServices::create(config), commandLine.automationStatus);
        if (config.redirect.mode == RedirectMode::PrivateUri && !frame->claimSingleInstance()) {
            // Another instance started between our check and now: it gets the URL (or comes to
            // the front) and this process leaves.
            SingleInstance::forward(SingleInstance::socketPath("deskauth"),
                                    commandLine.url.empty() ? "activate" : commandLine.url);
            frame->Destroy();
            return false;
        }
        frame_ = frame;
        frame->Show();
        frame->start();
        if (!commandLine.url.empty()) frame->handleRedirect(commandLine.url);
        return true;
    } catch (const Error& error) {
        log::error(log::get("app"), error);
        fail(error);
        return false;
    } catch (const std::invalid_argument& e) {
        fail(ConfigurationError("--log-level", "--log-level", e.what()));
        return false;
    }
}

}  // namespace
}  // namespace deskauth::app

wxIMPLEMENT_APP_NO_MAIN(deskauth::app::DeskAuthApp);

#if defined(_WIN32)
// Windows: the GUI-subsystem entry (wWinMainCRTStartup, -municode) with the UTF-16 command line.
// main()'s char arguments are in the ANSI code page, which cannot hold every file name or URL.
int wmain(int argc, wchar_t** argv) {
    using deskauth::app::DeskAuthApp;
    std::vector<std::string> args;
    for (int i = 0; i < argc; ++i) Poco::UnicodeConverter::convert(std::wstring(argv[i]), args.emplace_back());
    DeskAuthApp::commandLine = deskauth::app::parseCommandLine(std::vector<std::string>(args.begin() + 1, args.end()));
    if (auto exitCode = deskauth::app::runBeforeUi(DeskAuthApp::commandLine, args.front())) return *exitCode;
#else
int main(int argc, char** argv) {
    using deskauth::app::DeskAuthApp;
    DeskAuthApp::commandLine = deskauth::app::parseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
    if (auto exitCode = deskauth::app::runBeforeUi(DeskAuthApp::commandLine, argv[0])) return *exitCode;
#endif
    deskauth::app::skipGlProbe();
    int wxArgc = 1;  // wx sees no arguments: they were parsed above
    const int exitCode = wxEntry(wxArgc, argv);
    deskauth::log::shutdown();  // the log's queued lines, before the process ends
    return exitCode;
}
