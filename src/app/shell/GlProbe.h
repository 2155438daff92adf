#pragma once
// DeskAuth draws no OpenGL, yet GTK 3 loads the whole OpenGL driver stack when it opens the X11
// display, only to choose its visuals (with Mesa's software driver, as under Xvfb, that is about
// 33 MB of proportional memory: LLVM, swrast, epoxy). GDK_GL=disable turns that probe off. It is
// set for our own process only, before the toolkit starts, and taken back once it has started, so
// the browser we launch inherits the user's environment untouched. bench/run measures the effect;
// bench/reference/bare-wx.cpp does the same, so the toolkit floor it shows is comparable.
// Threads: main thread only, before and just after wxEntry (it changes the process environment).
namespace deskauth::app {

// Before wxEntry: GDK_GL=disable, unless the user chose a GDK_GL setting.
void skipGlProbe();
// Once the toolkit has started (wxApp::OnInit): the environment as it was.
void restoreGlSetting();

}  // namespace deskauth::app
