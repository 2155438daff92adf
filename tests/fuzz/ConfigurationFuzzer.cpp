// The app's configuration file (config/desktop.json), which a user or a package may have edited:
// anything but a ConfigurationError escaping Configuration::parse is a crash.
#include "FuzzInput.h"
#include "config/Configuration.h"
#include "errors/Errors.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)deskauth::Configuration::parse(deskauth::fuzz::text(data, size), "fuzz.json", "/nonexistent-deskauth-fuzz");
    } catch (const deskauth::ConfigurationError&) {
    }
    return 0;
}
