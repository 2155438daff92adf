// Entry point: command line, configuration, logging, then the main window.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "log/Log.h"
#include "shell/AppServices.h"
#include "shell/ConfigLocator.h"
#include "shell/MainFrame.h"

#include <wx/cmdline.h>
#include <wx/msgdlg.h>
#include <wx/wx.h>

#include <cstring>
#include <iostream>

namespace deskauth::app {
namespace {

const char* usage =
    "Usage: deskauth [--config PATH] [--log-level LEVEL] [--help] [--version]\n"
    "\n"
    "  --config PATH        configuration file (default: $DESKAUTH_CONFIG, then\n"
    "                       ~/.config/deskauth/desktop.json, then the installed default)\n"
    "  --log-level LEVEL    error, warning, info, debug or trace (overrides the config)\n"
    "  --help               show this help\n"
    "  --version            show the version\n";

class DeskAuthApp final : public wxApp {
public:
    bool OnInit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override {
        parser.AddOption("", "config", "configuration file");
        parser.AddOption("", "log-level", "log level");
        parser.AddOption("", "automation-status", "end-to-end tests: write the visible state to this file");
        parser.AddSwitch("", "help", "show help");
        parser.AddSwitch("", "version", "show the version");
    }
    bool OnCmdLineParsed(wxCmdLineParser& parser) override {
        parser.Found("config", &configPath_);
        parser.Found("log-level", &logLevel_);
        parser.Found("automation-status", &automationStatus_);
        return true;
    }

private:
    void fail(const Error& error);

    wxString configPath_, logLevel_, automationStatus_;
};

void DeskAuthApp::fail(const Error& error) {
    std::cerr << "deskauth: " << error.userMessage() << " [error ID " << error.id() << "]\n";
    wxMessageBox(wxString::FromUTF8(error.userMessage()) + "\n\nError ID: " + wxString::FromUTF8(error.id()),
                 "DeskAuth cannot start", wxOK | wxICON_ERROR);
}

bool DeskAuthApp::OnInit() {
    if (!wxApp::OnInit()) return false;
    SetAppName("deskauth");
    SetAppDisplayName("DeskAuth");
    log::configure(logLevel_.empty() ? "info" : logLevel_.utf8_string());
    try {
        std::string path = configPath_.utf8_string();
        if (path.empty()) path = locateConfig(argv[0].utf8_string());
        if (path.empty()) throw ConfigurationError("desktop.json", "(file)", "was not found (use --config PATH)");
        Configuration config = Configuration::load(path);
        log::configure(logLevel_.empty() ? config.log.level : logLevel_.utf8_string(), config.log.file);
        log::get("app").information("DeskAuth %s starting with %s", std::string(DESKAUTH_VERSION), path);
        auto* frame = new MainFrame(AppServices::create(config), automationStatus_.utf8_string());
        frame->Show();
        frame->start();
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

int main(int argc, char** argv) {
    // --help and --version must work without a display (packaging checks, SSH sessions).
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << deskauth::app::usage;
            return 0;
        }
        if (std::strcmp(argv[i], "--version") == 0) {
            std::cout << "deskauth " << DESKAUTH_VERSION << "\n";
            return 0;
        }
    }
    return wxEntry(argc, argv);
}
