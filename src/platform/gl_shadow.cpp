// GL state that ImGui's renderer reads back, answered without asking the browser.
//
// imgui_impl_opengl3 saves the GL state it changes before every frame and restores it after. In a browser most of
// those reads come from WebGL's own cache, but the viewport, the scissor box and the blend functions and equations
// do not: each is a synchronous round trip to the GPU process, which answers only once it has drawn everything sent
// before it, the previous frame included. With software GL that kept the page's main thread waiting 50-100 ms in
// every frame (at 1M deals, 27% of the main thread's time after a load went to these reads).
//
// The files that draw (web_main.cpp and imgui_impl_opengl3.cpp, see cmake/web.cmake) call the functions below
// instead of the GL ones of the same name (revlens_glViewport for glViewport, ...). The setters record what they set
// and pass it on; the reads of those values are answered from the record, every other read goes to GL. The first
// read of a value not yet set asks GL once. After a lost context is restored, GL starts again from its defaults:
// revlens_gl_shadow_forget() drops the record.
#include <GLES3/gl3.h>

#include <cstring>

namespace {

struct Box {
    bool known = false;
    GLint v[4] = {};
};
Box g_viewport, g_scissor;

struct Blend {
    bool known = false;
    GLint src_rgb = 0, dst_rgb = 0, src_alpha = 0, dst_alpha = 0, eq_rgb = 0, eq_alpha = 0;
};
Blend g_blend;

void learn_blend() {
    if (g_blend.known) return;
    glGetIntegerv(GL_BLEND_SRC_RGB, &g_blend.src_rgb);
    glGetIntegerv(GL_BLEND_DST_RGB, &g_blend.dst_rgb);
    glGetIntegerv(GL_BLEND_SRC_ALPHA, &g_blend.src_alpha);
    glGetIntegerv(GL_BLEND_DST_ALPHA, &g_blend.dst_alpha);
    glGetIntegerv(GL_BLEND_EQUATION_RGB, &g_blend.eq_rgb);
    glGetIntegerv(GL_BLEND_EQUATION_ALPHA, &g_blend.eq_alpha);
    g_blend.known = true;
}

void answer(Box& box, GLenum pname, GLint* out) {
    if (!box.known) {
        glGetIntegerv(pname, box.v);
        box.known = true;
    }
    std::memcpy(out, box.v, sizeof box.v);
}

void record(Box& box, GLint x, GLint y, GLsizei w, GLsizei h) {
    box.known = true;
    box.v[0] = x;
    box.v[1] = y;
    box.v[2] = w;
    box.v[3] = h;
}

} // namespace

extern "C" {

void revlens_glViewport(GLint x, GLint y, GLsizei w, GLsizei h) {
    record(g_viewport, x, y, w, h);
    glViewport(x, y, w, h);
}

void revlens_glScissor(GLint x, GLint y, GLsizei w, GLsizei h) {
    record(g_scissor, x, y, w, h);
    glScissor(x, y, w, h);
}

void revlens_glBlendEquation(GLenum mode) {
    learn_blend();
    g_blend.eq_rgb = g_blend.eq_alpha = static_cast<GLint>(mode);
    glBlendEquation(mode);
}

void revlens_glBlendEquationSeparate(GLenum rgb, GLenum alpha) {
    learn_blend();
    g_blend.eq_rgb = static_cast<GLint>(rgb);
    g_blend.eq_alpha = static_cast<GLint>(alpha);
    glBlendEquationSeparate(rgb, alpha);
}

void revlens_glBlendFunc(GLenum src, GLenum dst) {
    learn_blend();
    g_blend.src_rgb = g_blend.src_alpha = static_cast<GLint>(src);
    g_blend.dst_rgb = g_blend.dst_alpha = static_cast<GLint>(dst);
    glBlendFunc(src, dst);
}

void revlens_glBlendFuncSeparate(GLenum src_rgb, GLenum dst_rgb, GLenum src_alpha, GLenum dst_alpha) {
    learn_blend();
    g_blend.src_rgb = static_cast<GLint>(src_rgb);
    g_blend.dst_rgb = static_cast<GLint>(dst_rgb);
    g_blend.src_alpha = static_cast<GLint>(src_alpha);
    g_blend.dst_alpha = static_cast<GLint>(dst_alpha);
    glBlendFuncSeparate(src_rgb, dst_rgb, src_alpha, dst_alpha);
}

void revlens_glGetIntegerv(GLenum pname, GLint* out) {
    switch (pname) {
    case GL_VIEWPORT: answer(g_viewport, pname, out); return;
    case GL_SCISSOR_BOX: answer(g_scissor, pname, out); return;
    case GL_BLEND_SRC_RGB: learn_blend(); *out = g_blend.src_rgb; return;
    case GL_BLEND_DST_RGB: learn_blend(); *out = g_blend.dst_rgb; return;
    case GL_BLEND_SRC_ALPHA: learn_blend(); *out = g_blend.src_alpha; return;
    case GL_BLEND_DST_ALPHA: learn_blend(); *out = g_blend.dst_alpha; return;
    case GL_BLEND_EQUATION_RGB: learn_blend(); *out = g_blend.eq_rgb; return;
    case GL_BLEND_EQUATION_ALPHA: learn_blend(); *out = g_blend.eq_alpha; return;
    default: glGetIntegerv(pname, out); return;
    }
}

void revlens_gl_shadow_forget() {
    g_viewport = Box{};
    g_scissor = Box{};
    g_blend = Blend{};
}

} // extern "C"
