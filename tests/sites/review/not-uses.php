<?php /* echo '<script>zE.hide();</script>'; */ ?>
<?php
// echo "<script>zE('webWidget', 'open');</script>";
# echo "<script>$zopim.livechat.hideAll();</script>";
echo "<a href='#'>help</a>";
?>
<script>
  console.log("<script>zE('webWidget', 'show')<\/script> is how the old widget opened");
  var docs = t("Use <script>zE('webWidget', 'hide')</script> to hide it");
</script>
