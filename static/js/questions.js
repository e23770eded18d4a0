// Question pages: show and hide conditional questions as the officer answers, and save in the background.
// The page works without this script: the server decides what is shown and the buttons save.
(function () {
  "use strict";

  var form = document.querySelector("form[data-question-form]");
  if (!form) {
    return;
  }
  var savedElement = document.getElementById("saved-answers");
  var saved = savedElement ? JSON.parse(savedElement.textContent) : {};
  var status = document.getElementById("autosave-status");
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function isAnswered(value) {
    return !(value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0));
  }

  function currentValue(key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    if (inputs.length === 0) {
      return Object.prototype.hasOwnProperty.call(saved, key) ? saved[key] : null;
    }
    var first = inputs[0];
    if (first.type === "radio") {
      var checked = form.querySelector('[name="' + key + '"]:checked');
      return checked ? checked.value : null;
    }
    if (first.type === "checkbox") {
      var values = Array.prototype.map.call(form.querySelectorAll('[name="' + key + '"]:checked'), function (input) {
        return input.value;
      });
      return values.length ? values : null;
    }
    if (first.type === "file") {
      return Object.prototype.hasOwnProperty.call(saved, key) ? saved[key] : null;
    }
    return first.value.trim() === "" ? null : first.value.trim();
  }

  // Mirrors duediligence/questionnaires/conditions.py.
  function testValue(test, value) {
    if ("answered" in test) {
      return isAnswered(value) === Boolean(test.answered);
    }
    if (!isAnswered(value)) {
      return false;
    }
    if ("equals" in test) {
      return String(value) === String(test.equals);
    }
    if ("not_equals" in test) {
      return String(value) !== String(test.not_equals);
    }
    if ("in" in test) {
      return test.in.map(String).indexOf(String(value)) !== -1;
    }
    if ("any_of" in test) {
      var chosen = Array.isArray(value) ? value : [value];
      return chosen.some(function (item) {
        return test.any_of.map(String).indexOf(String(item)) !== -1;
      });
    }
    if ("at_least" in test) {
      return Number(value) >= test.at_least;
    }
    if ("at_most" in test) {
      return Number(value) <= test.at_most;
    }
    return false;
  }

  function holds(condition, shown) {
    if (!condition) {
      return true;
    }
    if (condition.all) {
      return condition.all.every(function (part) { return holds(part, shown); });
    }
    if (condition.any) {
      return condition.any.some(function (part) { return holds(part, shown); });
    }
    var value = Object.prototype.hasOwnProperty.call(shown, condition.question) ? shown[condition.question] : null;
    return testValue(condition, value);
  }

  function updateVisibility() {
    // Questions earlier in the questionnaire (other sections) count only if they are shown there.
    var shown = Object.assign({}, saved);
    questions.forEach(function (element) {
      var key = element.getAttribute("data-question");
      var condition = element.getAttribute("data-show-if");
      var visible = holds(condition ? JSON.parse(condition) : null, shown);
      element.hidden = !visible;
      var marker = element.querySelector("[data-shown-marker]");
      if (marker) {
        marker.disabled = !visible;
      }
      if (visible) {
        shown[key] = currentValue(key);
      }
    });
  }

  var timer = null;
  var inFlight = false;

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function autosave() {
    if (inFlight) {
      timer = setTimeout(autosave, 1000);
      return;
    }
    inFlight = true;
    var data = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll('input[type="file"]'), function (input) {
      data.delete(input.name);
    });
    data.set("autosave", "1");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.status === 409) {
          say("Not saved automatically: someone else changed " + result.body.conflicts.join("; ") +
            ". Use a Save button to compare.");
          return;
        }
        Object.keys(result.body.versions || {}).forEach(function (key) {
          var input = form.querySelector('[name="version__' + key + '"]');
          if (input) {
            input.value = result.body.versions[key];
          }
        });
        var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        if (result.status === 200) {
          say("Draft saved automatically at " + time + ".");
        } else {
          say("Saved at " + time + " except answers that need correcting; use a Save button to see why.");
        }
      })
      .catch(function () {
        say("Could not save automatically. Your answers are still on the page; use a Save button.");
      })
      .then(function () {
        inFlight = false;
      });
  }

  function scheduleAutosave(event) {
    if (event.target && event.target.type === "file") {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(autosave, 1500);
  }

  form.addEventListener("change", function (event) {
    updateVisibility();
    scheduleAutosave(event);
  });
  form.addEventListener("input", scheduleAutosave);
  form.addEventListener("submit", function () {
    clearTimeout(timer);
  });
  updateVisibility();
})();
