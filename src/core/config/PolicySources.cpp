#include "config/PolicySources.h"

#include "config/SettingsDocument.h"
#include "errors/Errors.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <fstream>
#include <sstream>

#ifdef _WIN32
#include <Poco/JSON/Array.h>
#include <Poco/UnicodeConverter.h>

#include <algorithm>
#include <cwchar>

#include <windows.h>
#endif

namespace deskauth {
namespace {

#ifndef _WIN32
constexpr const char* systemPolicyFile = "/etc/deskauth/policy.json";
#endif

#ifdef DESKAUTH_POLICY_TEST_HOOK
// Test builds only (CMake option DESKAUTH_POLICY_TEST_HOOK): $DESKAUTH_TEST_POLICY names one more
// policy file, weaker than the platform's own. It can only add locks, never lift one: the
// platform's policies are still read and applied after it.
constexpr const char* testPolicyVariable = "DESKAUTH_TEST_POLICY";
#endif

}  // namespace

std::optional<SettingsLayer> readPolicyFile(const std::string& path) {
    Poco::File file(path);
    if (!file.exists()) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!file.isFile() || !in) throw ConfigurationError(path, "(file)", "cannot be read (a policy must be readable by every user)");
    std::stringstream text;
    text << in.rdbuf();
    SettingsLayer layer;
    layer.source = path;
    layer.baseDir = Poco::Path(Poco::Path(path).absolute()).parent().toString();
    layer.document = parseSettingsDocument(text.str(), path);
    layer.locked = true;
    return layer;
}

#ifdef _WIN32
namespace {

using Poco::JSON::Object;

std::string utf8(const std::wstring& text) {
    std::string out;
    Poco::UnicodeConverter::convert(text, out);
    return out;
}

std::wstring utf16(const std::string& text) {
    std::wstring out;
    Poco::UnicodeConverter::convert(text, out);
    return out;
}

class OpenKey {
public:
    explicit OpenKey(HKEY key) : key_(key) {}
    ~OpenKey() { RegCloseKey(key_); }
    OpenKey(const OpenKey&) = delete;
    OpenKey& operator=(const OpenKey&) = delete;
    HKEY get() const { return key_; }

private:
    HKEY key_;
};

std::string joined(const std::string& prefix, const std::string& name) { return prefix.empty() ? name : prefix + "." + name; }

[[noreturn]] void fail(const std::string& source, const std::string& path, const std::string& problem) {
    throw ConfigurationError(source, path.empty() ? "(registry)" : path, problem);
}

// The data of one value, typed through RegGetValueW (which also NUL-terminates strings).
Poco::Dynamic::Var readValue(HKEY key, const std::wstring& name, DWORD type, const std::string& source,
                             const std::string& path) {
    if (type == REG_DWORD) {
        DWORD number = 0;
        DWORD size = sizeof(number);
        if (RegGetValueW(key, nullptr, name.c_str(), RRF_RT_REG_DWORD, nullptr, &number, &size) != ERROR_SUCCESS) {
            fail(source, path, "cannot be read");
        }
        return static_cast<Poco::Int64>(number);
    }
    if (type == REG_EXPAND_SZ) {
        // The variables would be the user's own environment: a way around the policy.
        fail(source, path, "is REG_EXPAND_SZ; use REG_SZ (a policy does not expand the user's environment variables)");
    }
    if (type != REG_SZ && type != REG_MULTI_SZ) fail(source, path, "must be REG_SZ, REG_DWORD or REG_MULTI_SZ");
    const DWORD flags = type == REG_SZ ? RRF_RT_REG_SZ : RRF_RT_REG_MULTI_SZ;
    DWORD size = 0;
    if (RegGetValueW(key, nullptr, name.c_str(), flags, nullptr, nullptr, &size) != ERROR_SUCCESS) fail(source, path, "cannot be read");
    std::wstring data(size / sizeof(wchar_t) + 1, L'\0');
    if (RegGetValueW(key, nullptr, name.c_str(), flags, nullptr, data.data(), &size) != ERROR_SUCCESS) fail(source, path, "cannot be read");
    if (type == REG_SZ) return utf8(data.c_str());
    Poco::JSON::Array::Ptr strings = new Poco::JSON::Array;
    for (const wchar_t* item = data.c_str(); *item != L'\0'; item += std::wcslen(item) + 1) strings->add(utf8(item));
    return strings;
}

Object::Ptr readKey(HKEY key, const std::string& source, const std::string& path, int depth) {
    if (depth > 8) fail(source, path, "is nested too deeply");
    DWORD subkeys = 0, longestSubkey = 0, values = 0, longestValueName = 0;
    if (RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, &subkeys, &longestSubkey, nullptr, &values,
                         &longestValueName, nullptr, nullptr, nullptr) != ERROR_SUCCESS) {
        fail(source, path, "cannot be read");
    }
    Object::Ptr object = new Object;
    std::wstring name(std::max(longestSubkey, longestValueName) + 1, L'\0');
    for (DWORD i = 0; i < values; ++i) {
        DWORD length = static_cast<DWORD>(name.size());
        DWORD type = 0;
        if (RegEnumValueW(key, i, name.data(), &length, nullptr, &type, nullptr, nullptr) != ERROR_SUCCESS) {
            fail(source, path, "cannot be read");
        }
        const std::wstring valueName(name.data(), length);
        if (valueName.empty()) fail(source, joined(path, "(Default)"), "is not a setting (give each value a name)");
        const std::string field = utf8(valueName);
        object->set(field, readValue(key, valueName, type, source, joined(path, field)));
    }
    for (DWORD i = 0; i < subkeys; ++i) {
        DWORD length = static_cast<DWORD>(name.size());
        if (RegEnumKeyExW(key, i, name.data(), &length, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) {
            fail(source, path, "cannot be read");
        }
        const std::wstring subkeyName(name.data(), length);
        const std::string field = utf8(subkeyName);
        if (object->has(field)) fail(source, joined(path, field), "is given both as a value and as a subkey (keep one of them)");
        HKEY child = nullptr;
        if (RegOpenKeyExW(key, subkeyName.c_str(), 0, KEY_READ, &child) != ERROR_SUCCESS) {
            fail(source, joined(path, field), "cannot be read");
        }
        OpenKey open(child);
        object->set(field, readKey(child, source, joined(path, field), depth + 1));
    }
    return object;
}

}  // namespace

std::optional<SettingsLayer> readRegistryPolicy(RegistryHive hive, const std::string& subkey) {
    const HKEY root = hive == RegistryHive::LocalMachine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
    const std::string source = (hive == RegistryHive::LocalMachine ? "HKLM\\" : "HKCU\\") + subkey;
    HKEY key = nullptr;
    // KEY_WOW64_64KEY: the 64-bit view, where Group Policy writes, whichever build reads it.
    const LSTATUS status = RegOpenKeyExW(root, utf16(subkey).c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &key);
    if (status == ERROR_FILE_NOT_FOUND) return std::nullopt;
    if (status != ERROR_SUCCESS) fail(source, "", "cannot be read (Windows error " + std::to_string(status) + ")");
    OpenKey open(key);
    SettingsLayer layer;
    layer.source = source;  // no baseDir: paths from the registry must be absolute
    layer.document = readKey(key, source, "", 0);
    layer.locked = true;
    layer.numbersAsBooleans = true;
    return layer;
}
#endif

std::vector<std::string> policyLocations() {
    std::vector<std::string> locations;
#ifdef DESKAUTH_POLICY_TEST_HOOK
    if (auto test = Poco::Environment::get(testPolicyVariable, ""); !test.empty()) locations.push_back(test);
#endif
#ifdef _WIN32
    locations.push_back("HKCU\\Software\\Policies\\DeskAuth");
    locations.push_back("HKLM\\Software\\Policies\\DeskAuth");
#else
    locations.push_back(systemPolicyFile);
#endif
    return locations;
}

std::vector<SettingsLayer> readPlatformPolicies() {
    std::vector<SettingsLayer> layers;
    auto add = [&layers](std::optional<SettingsLayer> layer) {
        if (layer) layers.push_back(std::move(*layer));
    };
#ifdef DESKAUTH_POLICY_TEST_HOOK
    if (auto test = Poco::Environment::get(testPolicyVariable, ""); !test.empty()) {
        std::optional<SettingsLayer> layer = readPolicyFile(test);
        if (!layer) throw ConfigurationError(test, "(file)", "does not exist (named by $" + std::string(testPolicyVariable) + ")");
        add(std::move(layer));
    }
#endif
#ifdef _WIN32
    add(readRegistryPolicy(RegistryHive::CurrentUser, "Software\\Policies\\DeskAuth"));
    add(readRegistryPolicy(RegistryHive::LocalMachine, "Software\\Policies\\DeskAuth"));
#else
    add(readPolicyFile(systemPolicyFile));
#endif
    return layers;
}

}  // namespace deskauth
