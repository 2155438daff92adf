#include "views/Spinner.h"

#include <wx/dcbuffer.h>
#include <wx/graphics.h>
#include <wx/settings.h>

#include <cmath>
#include <algorithm>
#include <memory>

namespace deskauth::app {

namespace {
constexpr int framesPerTurn = 12;  // one turn a second at 12 frames a second
constexpr int frameMs = 1000 / framesPerTurn;
constexpr double arcTurns = 0.3;  // how much of the ring the moving arc covers
}  // namespace

Spinner::Spinner(wxWindow* parent, const wxSize& size)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, size == wxDefaultSize ? parent->FromDIP(wxSize(16, 16)) : size),
      timer_(this) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetName("spinner");
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) { onPaint(); });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onTick(); });
}

void Spinner::Start() {
    if (running_) return;
    running_ = true;
    timer_.Start(frameMs);
    Refresh();
}

void Spinner::Stop() {
    if (!running_) return;
    running_ = false;
    timer_.Stop();
    Refresh();
}

void Spinner::onTick() {
    frame_ = (frame_ + 1) % framesPerTurn;
    // A spinner on a hidden page or behind Hide() costs a timer tick, never a repaint.
    if (IsShownOnScreen()) Refresh();
}

void Spinner::onPaint() {
    wxAutoBufferedPaintDC dc(this);
    // Our own background is the parent's, so the ring sits on whatever the view paints.
    dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
    dc.Clear();
    if (!running_) return;

    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    if (!gc) return;
    const wxSize size = GetClientSize();
    const double side = std::min(size.x, size.y);
    const double pen = std::max(2.0, side / 8.0);
    const double radius = (side - pen) / 2.0;
    const double cx = size.x / 2.0;
    const double cy = size.y / 2.0;

    // Colours from the system theme, so the spinner fits light and dark themes alike.
    const wxColour ink = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    const wxColour track(ink.Red(), ink.Green(), ink.Blue(), 50);

    wxGraphicsPath ring = gc->CreatePath();
    ring.AddCircle(cx, cy, radius);
    gc->SetPen(gc->CreatePen(wxGraphicsPenInfo(track).Width(pen)));
    gc->StrokePath(ring);

    const double start = 2.0 * M_PI * frame_ / framesPerTurn - M_PI / 2.0;
    wxGraphicsPath arc = gc->CreatePath();
    arc.AddArc(cx, cy, radius, start, start + 2.0 * M_PI * arcTurns, true);
    gc->SetPen(gc->CreatePen(wxGraphicsPenInfo(ink).Width(pen).Cap(wxCAP_ROUND)));
    gc->StrokePath(arc);
}

}  // namespace deskauth::app
