#include "config/Configuration.h"
#include "errors/Errors.h"
#include "support/TestPaths.h"

#include <Poco/Path.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <functional>
#include <sstream>

using deskauth::Configuration;
using deskauth::ConfigurationError;
using deskauth::DeviceFlow;
using deskauth::LogoutMode;

namespace {

const std::string root = deskauth::test::sourceDir();

std::string validJson() {
    return R"({
      "oauth": {"authority": "https://login.example.com", "clientId": "desk",
                "scopes": ["openid", "offline_access"], "loginTimeoutSeconds": 120, "logoutMode": "oidc"},
      "redirect": {"mode": "loopback", "loopbackPorts": {"first": 8001, "last": 8003}},
      "api": {"baseUrl": "https://api.example.com/api/"},
      "pages": {"loginSuccess": "resources/pages/login-success.html",
                "loginError": "resources/pages/login-error.html"},
      "proxy": {"url": "http://proxy.example.com:3128", "noProxy": "internal.example.com"},
      "log": {"level": "debug"},
      "ui": {"showTesterMenu": false}
    })";
}

// Applies `edit` to the valid document and returns the field named by the resulting error.
std::string failingField(const std::function<void(Poco::JSON::Object&)>& edit) {
    auto object = Poco::JSON::Parser().parse(validJson()).extract<Poco::JSON::Object::Ptr>();
    edit(*object);
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(object, text);
    try {
        Configuration::parse(text.str(), "desktop.json", root);
    } catch (const ConfigurationError& e) {
        EXPECT_NE(e.userMessage().find("desktop.json"), std::string::npos) << e.userMessage();
        EXPECT_FALSE(e.id().empty());
        return e.field();
    }
    return "(no error)";
}

Poco::JSON::Object& section(Poco::JSON::Object& o, const std::string& name) { return *o.getObject(name); }

}  // namespace

TEST(Configuration, LoadsValidDocumentAndResolvesPaths) {
    Configuration c = Configuration::parse(validJson(), "desktop.json", root);
    EXPECT_EQ(c.oauth.authority, "https://login.example.com");
    EXPECT_EQ(c.oauth.clientId, "desk");
    EXPECT_EQ(c.oauth.loginTimeoutSeconds, 120);
    EXPECT_EQ(c.oauth.logoutMode, LogoutMode::Oidc);
    EXPECT_EQ(c.oauth.deviceFlow, DeviceFlow::Offered);  // the default
    EXPECT_EQ(c.oauth.revocationAuth, deskauth::RevocationAuth::None);  // the default
    EXPECT_EQ(c.redirect.loopbackPorts.first, 8001);
    EXPECT_EQ(c.redirect.loopbackPorts.last, 8003);
    EXPECT_EQ(c.api.baseUrl, "https://api.example.com/api");  // trailing slash removed
    // As this platform writes paths (Windows: backslashes).
    EXPECT_EQ(c.pages.loginSuccess, Poco::Path(root + "/resources/pages/login-success.html").toString());
    EXPECT_FALSE(c.ui.showTesterMenu);
    EXPECT_EQ(c.log.level, "debug");
}

TEST(Configuration, ShippedDesktopConfigIsValidApartFromTheGeneratedCa) {
    // config/desktop.json names the dev CA that scripts/dev-certs generates; everything else must load.
    try {
        Configuration::load(root + "/config/desktop.json");
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "tls.extraCaFile") << e.userMessage();
    }
}

TEST(Configuration, RejectsInvalidJson) {
    try {
        Configuration::parse("{ not json", "desktop.json", root);
        FAIL() << "accepted broken JSON";
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "(JSON)");
    }
}

TEST(Configuration, RejectsMissingFile) {
    EXPECT_THROW(Configuration::load(root + "/no/such/file.json"), ConfigurationError);
}

TEST(Configuration, NamesEachBadField) {
    using O = Poco::JSON::Object;
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").remove("authority"); }), "oauth.authority");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("authority", "http://login.example.com"); }), "oauth.authority");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("authority", 42); }), "oauth.authority");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("clientId", ""); }), "oauth.clientId");
    EXPECT_EQ(failingField([](O& o) {
                  Poco::JSON::Array::Ptr scopes = new Poco::JSON::Array;
                  scopes->add("profile");
                  section(o, "oauth").set("scopes", scopes);
              }),
              "oauth.scopes");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("loginTimeoutSeconds", 0); }), "oauth.loginTimeoutSeconds");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("logoutMode", "nuke"); }), "oauth.logoutMode");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("deviceFlow", "always"); }), "oauth.deviceFlow");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("revocationAuth", "basic"); }), "oauth.revocationAuth");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("revocationAuth", "bearer"); }), "(no error)");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("clientSecret", "x"); }), "oauth.clientSecret");
    EXPECT_EQ(failingField([](O& o) { section(o, "redirect").set("mode", "embedded"); }), "redirect.mode");
    EXPECT_EQ(failingField([](O& o) { section(section(o, "redirect"), "loopbackPorts").set("first", 80); }),
              "redirect.loopbackPorts.first");
    EXPECT_EQ(failingField([](O& o) { section(section(o, "redirect"), "loopbackPorts").set("last", 8000); }),
              "redirect.loopbackPorts.last");
    EXPECT_EQ(failingField([](O& o) { section(o, "redirect").set("callbackPath", "callback"); }), "redirect.callbackPath");
    EXPECT_EQ(failingField([](O& o) { section(o, "redirect").set("privateScheme", "myapp"); }), "redirect.privateScheme");
    EXPECT_EQ(failingField([](O& o) { o.remove("api"); }), "api.baseUrl");
    EXPECT_EQ(failingField([](O& o) { section(o, "api").set("baseUrl", "http://api.example.com"); }), "api.baseUrl");
    EXPECT_EQ(failingField([](O& o) { section(o, "pages").set("loginSuccess", "missing.html"); }), "pages.loginSuccess");
    EXPECT_EQ(failingField([](O& o) {
                  Poco::JSON::Object::Ptr tls = new Poco::JSON::Object;
                  tls->set("extraCaFile", "no-such-ca.pem");
                  o.set("tls", tls);
              }),
              "tls.extraCaFile");
    EXPECT_EQ(failingField([](O& o) {
                  Poco::JSON::Object::Ptr tls = new Poco::JSON::Object;
                  tls->set("extraCaDir", "no-such-folder");
                  o.set("tls", tls);
              }),
              "tls.extraCaDir");
    EXPECT_EQ(failingField([](O& o) { section(o, "proxy").set("url", "socks5://proxy:1080"); }), "proxy.url");
    // Proxy credentials belong in the secret store, never in the file.
    EXPECT_EQ(failingField([](O& o) { section(o, "proxy").set("url", "http://alice:secret@proxy:3128"); }), "proxy.url");
    EXPECT_EQ(failingField([](O& o) { section(o, "log").set("level", "chatty"); }), "log.level");
    EXPECT_EQ(failingField([](O& o) { section(o, "ui").set("showTesterMenu", "yes"); }), "ui.showTesterMenu");
    EXPECT_EQ(failingField([](O& o) { o.set("storage", Poco::JSON::Object::Ptr(new Poco::JSON::Object)); o.getObject("storage")->set("backend", "floppy"); }),
              "storage.backend");
    EXPECT_EQ(failingField([](O& o) { o.set("colour", "blue"); }), "colour");
}

// Issue 21 item 5: a repeated key was accepted silently (the parser keeps the last copy).
TEST(Configuration, RefusesAKeyGivenTwiceByItsPathAndFile) {
    std::string twice = validJson();
    twice.replace(twice.find(R"("clientId": "desk",)"), 0, R"("clientId": "other", )");
    try {
        Configuration::parse(twice, "desktop.json", root);
        FAIL() << "accepted a key given twice";
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "oauth.clientId");
        EXPECT_NE(e.userMessage().find("desktop.json"), std::string::npos) << e.userMessage();
        EXPECT_NE(e.userMessage().find("more than once"), std::string::npos) << e.userMessage();
    }
}

// Issue 21 item 5: a top-level array gave "Can not convert to N4Poco7SharedPtrINS_4JSON6Object...".
TEST(Configuration, SaysInWordsThatTheTopLevelMustBeAnObject) {
    for (const auto& [json, kind] : std::vector<std::pair<std::string, std::string>>{
             {"[1, 2]", "an array"}, {R"( "text")", "a string"}, {"42", "a number"}, {"", "an empty file"}}) {
        try {
            Configuration::parse(json, "desktop.json", root);
            FAIL() << "accepted " << json;
        } catch (const ConfigurationError& e) {
            EXPECT_EQ(e.field(), "(JSON)");
            EXPECT_NE(e.userMessage().find("must be one JSON object"), std::string::npos) << e.userMessage();
            EXPECT_NE(e.userMessage().find(kind), std::string::npos) << e.userMessage();
            EXPECT_EQ(e.userMessage().find("Poco"), std::string::npos) << e.userMessage();
        }
    }
}

// Issue 19 items 2 and 8: the authorization request's optional parameters.
TEST(Configuration, ReadsAndChecksTheAuthorizationRequestSettings) {
    using O = Poco::JSON::Object;
    auto load = [](const std::function<void(O&)>& edit) {
        auto object = Poco::JSON::Parser().parse(validJson()).extract<O::Ptr>();
        edit(*object);
        std::ostringstream text;
        Poco::JSON::Stringifier::stringify(object, text);
        return Configuration::parse(text.str(), "desktop.json", root);
    };
    const auto defaults = load([](O&) {}).oauth.authorization;
    EXPECT_FALSE(defaults.prompt);
    EXPECT_FALSE(defaults.maxAgeSeconds);
    EXPECT_TRUE(defaults.resources.empty());

    const auto set = load([](O& o) {
                         auto& oauth = section(o, "oauth");
                         oauth.set("prompt", "login");
                         oauth.set("loginHint", "alice");
                         oauth.set("maxAgeSeconds", 900);
                         oauth.set("resource", "https://api.example.com/");
                         O::Ptr extra = new O;
                         extra->set("audience", "https://api.example.com");
                         oauth.set("extraParameters", extra);
                     }).oauth.authorization;
    EXPECT_EQ(set.prompt, std::optional<std::string>("login"));
    EXPECT_EQ(set.loginHint, "alice");
    EXPECT_EQ(set.maxAgeSeconds, std::optional<int>(900));
    EXPECT_EQ(set.resources, std::vector<std::string>{"https://api.example.com/"});
    ASSERT_EQ(set.extraParameters.size(), 1u);
    EXPECT_EQ(set.extraParameters[0].first, "audience");

    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("prompt", "always"); }), "oauth.prompt");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("prompt", "none consent"); }), "oauth.prompt");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("maxAgeSeconds", -1); }), "oauth.maxAgeSeconds");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("resource", "https://api.example.com/#frag"); }),
              "oauth.resource");
    EXPECT_EQ(failingField([](O& o) { section(o, "oauth").set("resource", "api"); }), "oauth.resource");
    EXPECT_EQ(failingField([](O& o) {
                  O::Ptr extra = new O;
                  extra->set("redirect_uri", "https://evil.example.com/");
                  section(o, "oauth").set("extraParameters", extra);
              }),
              "oauth.extraParameters.redirect_uri");
    EXPECT_EQ(failingField([](O& o) {
                  O::Ptr extra = new O;
                  extra->set("domain_hint", 3);
                  section(o, "oauth").set("extraParameters", extra);
              }),
              "oauth.extraParameters.domain_hint");
}
