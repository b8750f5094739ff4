<footer>
<!-- <script>zE('webWidget', 'open');</script> -->
<script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=abc-123"></script>
<?php
// zE('webWidget', 'hide'); is a PHP comment and never reaches the page
if ($user) {
    echo "<script>zE('webWidget', 'prefill', { name: { value: '" . esc_js($user->name) . "' } });</script>";
}
?>
<button onclick="zE('webWidget', 'open'); return false;">Chat</button>
<a href="javascript:$zopim.livechat.window.show()">Chat now</a>
</footer>
