#pragma once
// Where the administrator's policies come from, as locked SettingsLayers (config/SettingsLayers.h)
// that users cannot override. Linux and macOS: the file /etc/deskauth/policy.json. Windows: the
// registry keys HKCU\Software\Policies\DeskAuth (user policy) and HKLM\Software\Policies\DeskAuth
// (machine policy, the stronger), where only administrators and Group Policy may write. An absent
// source is no policy; a present one that cannot be read or is not valid is a ConfigurationError
// naming it — never skipped, since skipping would hand the locked fields back to the user's file.
// Threads: blocking (file system, registry); called once per configuration load, any thread.
#include "config/SettingsLayers.h"

#include <optional>
#include <string>
#include <vector>

namespace deskauth {

// Every policy of this platform that exists, the strongest last. Throws ConfigurationError.
std::vector<SettingsLayer> readPlatformPolicies();

// Where readPlatformPolicies() looks, for messages.
std::vector<std::string> policyLocations();

// One policy file; nullopt when there is no file at `path`. Throws ConfigurationError.
std::optional<SettingsLayer> readPolicyFile(const std::string& path);

#ifdef _WIN32
enum class RegistryHive { LocalMachine, CurrentUser };

// One registry key as a policy: subkeys are objects, REG_SZ a string, REG_DWORD a number (0 / 1
// for false / true), REG_MULTI_SZ an array of strings. nullopt when the key does not exist.
// `subkey` is below the hive ("Software\\Policies\\DeskAuth"). Throws ConfigurationError.
std::optional<SettingsLayer> readRegistryPolicy(RegistryHive hive, const std::string& subkey);
#endif

}  // namespace deskauth
