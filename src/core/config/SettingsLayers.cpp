#include "config/SettingsLayers.h"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace deskauth {
namespace {

using Poco::JSON::Object;

std::string jsonText(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

bool isObject(const Poco::Dynamic::Var& value) { return value.type() == typeid(Object::Ptr); }

std::string joined(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }

bool isAtOrUnder(const std::string& path, const std::string& root) {
    return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '.');
}

class Merger {
public:
    explicit Merger(MergedSettings& merged) : merged_(merged) {}

    void apply(const Object& from, Object& into, const std::string& prefix, const SettingsLayer& layer) {
        for (const auto& [key, value] : from) {
            const std::string path = joined(prefix, key);
            if (isObject(value) && into.has(key) && isObject(into.get(key))) {
                apply(*value.extract<Object::Ptr>(), *into.getObject(key), path, layer);
                continue;
            }
            if (layer.locked) noteOverridden(path, into.has(key) ? into.get(key) : Poco::Dynamic::Var(), value, layer);
            dropOriginsAt(path);
            if (isObject(value)) {
                Object::Ptr copy = new Object;
                apply(*value.extract<Object::Ptr>(), *copy, path, layer);
                into.set(key, copy);
                if (copy->size() == 0) record(path, layer);  // an empty object is a leaf of its own
            } else {
                into.set(key, value);
                record(path, layer);
            }
        }
    }

private:
    // A locked layer replaces what an unlocked one set at or under `path`: said when it differs.
    void noteOverridden(const std::string& path, const Poco::Dynamic::Var& before, const Poco::Dynamic::Var& after,
                        const SettingsLayer& layer) {
        passOverridesOn(path, after, layer);
        if (before.isEmpty() || jsonText(before) == jsonText(after)) return;
        for (const auto& [leaf, origin] : merged_.origins) {
            if (!origin.locked && isAtOrUnder(leaf, path)) {
                merged_.overridden.push_back({leaf, origin.source, layer.source});
                if (leaf == path) usersValues_[leaf] = jsonText(before);
            }
        }
    }

    // A stronger policy replaces a weaker one's value at or under `path`: the overrides that named
    // the weaker one now name this one, whose value is used (the notice says so), unless it gives
    // the user's own value back.
    void passOverridesOn(const std::string& path, const Poco::Dynamic::Var& after, const SettingsLayer& layer) {
        auto& overridden = merged_.overridden;
        for (auto it = overridden.begin(); it != overridden.end();) {
            if (!isAtOrUnder(it->path, path)) {
                ++it;
            } else if (it->path == path && usersValues_[path] == jsonText(after)) {
                it = overridden.erase(it);
            } else {
                it->policySource = layer.source;
                ++it;
            }
        }
    }

    void dropOriginsAt(const std::string& path) {
        for (auto it = merged_.origins.begin(); it != merged_.origins.end();) {
            it = isAtOrUnder(it->first, path) ? merged_.origins.erase(it) : std::next(it);
        }
    }

    void record(const std::string& path, const SettingsLayer& layer) {
        merged_.origins[path] = {layer.source, layer.baseDir, layer.locked, layer.numbersAsBooleans};
    }

    MergedSettings& merged_;
    std::map<std::string, std::string> usersValues_;  // an overridden leaf -> the user's value, as JSON text
};

}  // namespace

MergedSettings mergeSettingsLayers(std::vector<SettingsLayer> layers) {
    // Unlocked layers first, each group in its given order: a policy is never undone by a file.
    std::stable_partition(layers.begin(), layers.end(), [](const SettingsLayer& layer) { return !layer.locked; });
    MergedSettings merged;
    merged.document = new Object;
    if (!layers.empty()) {
        merged.primarySource = layers.front().source;
        merged.primaryBaseDir = layers.front().baseDir;
    }
    Merger merger(merged);
    for (const auto& layer : layers) {
        if (layer.locked) merged.policySources.push_back(layer.source);
        if (layer.document) merger.apply(*layer.document, *merged.document, "", layer);
    }
    return merged;
}

const SettingOrigin* SettingsTrail::originOf(const std::string& path) const {
    const auto it = merged.origins.find(path);
    return it == merged.origins.end() ? nullptr : &it->second;
}

const std::string& SettingsTrail::sourceFor(const std::string& path) const {
    if (const SettingOrigin* origin = originOf(path)) return origin->source;
    for (const auto& [leaf, origin] : merged.origins) {
        if (isAtOrUnder(leaf, path) || isAtOrUnder(path, leaf)) return origin.source;
    }
    return merged.primarySource;
}

SettingsProvenance SettingsTrail::provenance() const {
    return {merged.policySources, read, merged.overridden};
}

}  // namespace deskauth
