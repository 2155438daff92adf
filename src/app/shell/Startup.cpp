#include "shell/Startup.h"

#include "config/Configuration.h"
#include "diagnostics/Diagnostics.h"
#include "errors/Errors.h"
#include "log/Log.h"
#include "platform/SchemeRegistration.h"
#include "redirect/PrivateUriResponse.h"
#include "shell/ConfigLocator.h"
#include "shell/DisplayCheck.h"
#include "redirect/SingleInstance.h"

#include <Poco/Path.h>

#include <filesystem>
#include <iostream>

namespace deskauth::app {

const char* const usage =
    "Usage: deskauth [OPTIONS] [REDIRECT-URL]\n"
    "\n"
    "  --config PATH          configuration file (default: $DESKAUTH_CONFIG, then\n"
    "                         ~/.config/deskauth/desktop.json, /etc/deskauth/desktop.json,\n"
    "                         then the installed default); the administrator's policy\n"
    "                         (/etc/deskauth/policy.json, on Windows the registry key\n"
    "                         Software\\Policies\\DeskAuth) is merged over it and wins\n"
    "  --log-level LEVEL      error, warning, info, debug or trace (overrides the config)\n"
    "  --diagnose             check everything a sign-in needs, print a report and exit\n"
    "                         (exit 1 when something would stop a sign-in)\n"
    "  --register-scheme      register the private URI scheme for this user and exit\n"
    "  --unregister-scheme    remove that registration and exit\n"
    "  --help                 show this help\n"
    "  --version              show the version\n"
    "\n"
    "REDIRECT-URL is what the browser hands to the app in private-URI mode; it is passed on\n"
    "to the running DeskAuth window.\n";

CommandLine parseCommandLine(const std::vector<std::string>& args) {
    CommandLine c;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& target) {
            if (i + 1 >= args.size()) c.error = a + " needs a value";
            else target = args[++i];
        };
        if (a == "--help" || a == "-h") c.help = true;
        else if (a == "--version") c.version = true;
        else if (a == "--diagnose") c.diagnose = true;
        else if (a == "--register-scheme") c.registerScheme = true;
        else if (a == "--unregister-scheme") c.unregisterScheme = true;
        else if (a == "--config") value(c.configPath);
        else if (a == "--log-level") value(c.logLevel);
        else if (a == "--automation-status") value(c.automationStatus);
        else if (a.rfind("--", 0) == 0) c.error = "unknown option " + a;
        else if (c.url.empty()) c.url = a;
        else c.error = "unexpected argument " + a;
    }
    return c;
}

std::string absoluteExecutable(const std::string& argv0) {
    std::error_code none;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", none);
    if (!none && !self.empty()) return self.string();
    return Poco::Path(argv0).absolute().toString();
}

std::optional<int> runBeforeUi(const CommandLine& commandLine, const std::string& executable) {
    if (!commandLine.error.empty()) {
        std::cerr << "deskauth: " << commandLine.error << "\n\n" << usage;
        return 2;
    }
    if (commandLine.help) {
        std::cout << usage;
        return 0;
    }
    if (commandLine.version) {
        std::cout << "deskauth " << DESKAUTH_VERSION << "\n";
        return 0;
    }
    if (commandLine.diagnose) {
        log::configure(commandLine.logLevel.empty() ? "error" : commandLine.logLevel);  // the report says it all
        DiagnosticsRequest request;
        request.configPath = commandLine.configPath.empty() ? locateConfig(executable) : commandLine.configPath;
        request.executable = absoluteExecutable(executable);
        std::cout << "DeskAuth " << DESKAUTH_VERSION << " diagnostics\n" << std::flush;
        const DiagnosticReport report = runDiagnostics(request);
        std::cout << report.text();
        return report.blocksSignIn() ? 1 : 0;
    }
    const bool headless = !hasDisplay();  // never on Windows (shell/DisplayCheck.h)
    const bool needsConfig = commandLine.registerScheme || commandLine.unregisterScheme || !commandLine.url.empty();
    if (!needsConfig && !headless) return std::nullopt;  // the UI loads it and shows any problem in a dialog

    std::string configPath = commandLine.configPath.empty() ? locateConfig(executable) : commandLine.configPath;
    std::optional<Configuration> config;
    try {
        if (configPath.empty()) throw ConfigurationError("desktop.json", "(file)", "was not found (use --config PATH)");
        config = Configuration::load(configPath);
    } catch (const Error& e) {
        if (headless || commandLine.registerScheme || commandLine.unregisterScheme) {
            // Without a display there is no dialog: say it here, naming the field.
            std::cerr << "deskauth: " << e.userMessage() << " [error ID " << e.id() << "]\n";
            return 1;
        }
        return std::nullopt;  // the UI shows the configuration error
    }
    if (!needsConfig) {
        std::cerr << "deskauth: no display found (DISPLAY or WAYLAND_DISPLAY); the configuration "
                  << configPath << " is valid.\n";
        return 1;
    }
    const std::string scheme = config ? config->redirect.privateScheme : Configuration().redirect.privateScheme;
    try {
        if (commandLine.registerScheme) {
            const std::string absoluteConfig = configPath.empty() ? "" : Poco::Path(configPath).absolute().toString();
            SchemeRegistration::registerHandler({scheme, absoluteExecutable(executable), absoluteConfig});
            std::cout << "deskauth: registered as the handler of " << scheme << ": links\n";
            return 0;
        }
        if (commandLine.unregisterScheme) {
            SchemeRegistration::unregisterHandler(scheme);
            std::cout << "deskauth: removed the handler of " << scheme << ": links\n";
            return 0;
        }
    } catch (const Error& e) {
        std::cerr << "deskauth: " << e.userMessage() << " [error ID " << e.id() << "]\n";
        return 1;
    }
    // An argument that is no link of our scheme is refused here, before any window or secret
    // store is built (issue 21, item 5): a running instance could do nothing with it either.
    if (!commandLine.url.empty() && !PrivateUriResponse::usesScheme(commandLine.url, scheme)) {
        const StrayResponse refused("invalid_redirect_url", "command-line argument that is not a " + scheme + ": link");
        std::cerr << "deskauth: the argument is not a DeskAuth sign-in link (those begin with " << scheme
                  << ":), so it was ignored [error ID " << refused.id() << "]\n";
        return 2;
    }
    // The OS started us with a redirect URL: hand it to the running window and leave quietly.
    if (config && config->redirect.mode == RedirectMode::PrivateUri && PrivateUriResponse::usesScheme(commandLine.url, scheme)) {
        try {
            if (SingleInstance::forward(SingleInstance::socketPath("deskauth"), commandLine.url)) return 0;
        } catch (const std::exception& e) {
            std::cerr << "deskauth: " << e.what() << "\n";
        }
    }
    return std::nullopt;  // no running instance: start, and handle the URL once up
}

}  // namespace deskauth::app
