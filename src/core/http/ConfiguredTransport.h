#pragma once
// The transport settings (CAs, proxy, time limits) a desktop Configuration asks for, so the app
// and its diagnostics connect exactly the same way.
#include "config/Configuration.h"
#include "http/PocoHttpTransport.h"

namespace deskauth {

TransportSettings transportSettings(const Configuration& config);

}  // namespace deskauth
