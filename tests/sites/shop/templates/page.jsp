<%@ page contentType="text/html" %>
<%-- <script>zE('webWidget', 'logout');</script> --%>
<script>
  zE('webWidget', 'logout');
  var user = "<%= user.getName() %>";
</script>
