// The editor the workbench's SPARQL page needs, and nothing more: CodeMirror 6 with the SPARQL
// mode of @codemirror/legacy-modes, line numbers, undo history, bracket matching and a key for
// running the query. build.sh bundles it into one script that defines window.actorgraphEditor.
import {EditorState} from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {StreamLanguage, bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentOnInput} from "@codemirror/language";
import {sparql} from "@codemirror/legacy-modes/mode/sparql";

// The page's look, in the editor's own style sheet (see create).
const theme = EditorView.theme({
  "&": {border: "1px solid #d9dee7", backgroundColor: "#fff", fontSize: "13px", maxHeight: "28rem"},
  "&.cm-focused": {outline: "2px solid #2457a6"},
  ".cm-scroller": {fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, monospace', overflow: "auto"},
  ".cm-content, .cm-gutter": {minHeight: "14rem"},
});

// An editor in *parent* holding *doc*; onRun() is called on Ctrl-Enter or Cmd-Enter, and
// onChange(text) after every edit. Returns the view, with setText(text) and select(line, column).
//
// The editor lives in a shadow root of *parent*: there CodeMirror's styles go to constructed
// style sheets (adoptedStyleSheets), which a Content-Security-Policy of "style-src 'self'"
// allows; in the document itself it would add <style> elements, which that policy blocks.
function create(parent, {doc = "", label = "SPARQL query", onRun = () => {}, onChange = () => {}} = {}) {
  const run = () => { onRun(); return true; };
  const root = parent.attachShadow({mode: "open"});
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), highlightActiveLine(),
        StreamLanguage.define(sparql),
        syntaxHighlighting(defaultHighlightStyle, {fallback: true}),
        // Ahead of the default keymap, whose Mod-Enter inserts a blank line.
        keymap.of([{key: "Mod-Enter", run}, {key: "Ctrl-Enter", run}, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        theme,
        EditorView.contentAttributes.of({"aria-label": label}),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(update.state.doc.toString()); }),
      ],
    }),
  });
  view.setText = (text) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
  view.select = (line, column) => {
    const doc = view.state.doc;
    const row = doc.line(Math.min(Math.max(line, 1), doc.lines));
    const at = Math.min(row.from + Math.max(column - 1, 0), row.to);
    view.dispatch({selection: {anchor: at}, scrollIntoView: true});
    view.focus();
  };
  return view;
}

window.actorgraphEditor = {create};
