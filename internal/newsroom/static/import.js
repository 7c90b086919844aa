// Reload the import's page every two seconds until it says it finished.
// Without JavaScript the Refresh link does the same.
(function () {
  var job = document.getElementById('import-job');
  if (!job || job.dataset.finished === 'true') return;
  setTimeout(function () { location.reload(); }, 2000);
})();
