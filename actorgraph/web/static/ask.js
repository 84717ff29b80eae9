// The SPARQL page: CodeMirror over the query's <textarea> (which stays the form's field),
// Ctrl-Enter / Cmd-Enter runs the query, and an error's line and column get the cursor.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query-text");
  const run = () => form.requestSubmit();
  let editor = null;
  if (window.actorgraphEditor) {
    const holder = document.createElement("div");
    holder.className = "query-editor";
    textarea.before(holder);
    editor = window.actorgraphEditor.create(holder, {
      doc: textarea.value,
      onRun: run,
      onChange: (text) => { textarea.value = text; },
    });
    textarea.hidden = true;
  } else {  // the editor did not load: the plain field runs with the same keys
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
  }
  const error = document.getElementById("query-error");
  if (editor && error && error.dataset.line) {
    editor.select(Number(error.dataset.line), Number(error.dataset.column));
  }
})();
