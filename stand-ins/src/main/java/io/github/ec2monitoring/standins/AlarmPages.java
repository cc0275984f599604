package io.github.ec2monitoring.standins;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Cuts moto's one-page DescribeAlarms answer (Query protocol, XML) into CloudWatch's real pages. The first page of a
 * listing takes every alarm from moto once; its further pages come from that listing, as a paginated API answers
 * from one view (and so moto is not asked for thousands of alarms once per page).
 */
final class AlarmPages {

    private static final String TOKEN = "front-page-";

    /** What page was asked for, and the request as moto gets it: without MaxRecords and NextToken. */
    record Request(int offset, int size, byte[] unpagedBody) {
        String key() {
            return new String(unpagedBody, StandardCharsets.UTF_8);
        }
    }

    /** One listing: the answer's XML around its alarms, and each alarm's XML. */
    private record Listing(String before, String after, List<String> members) {}

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    static Request request(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String maxRecords = params.remove("MaxRecords");
        String token = params.remove("NextToken");
        int size = maxRecords == null ? Quotas.DESCRIBE_ALARMS_DEFAULT_PAGE
                : Math.min(Integer.parseInt(maxRecords), Quotas.DESCRIBE_ALARMS_MAX_PAGE);
        int offset = token != null && token.startsWith(TOKEN) ? Integer.parseInt(token.substring(TOKEN.length())) : 0;
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        return new Request(offset, size, String.join("&", pairs).getBytes(StandardCharsets.UTF_8));
    }

    /** A later page of a listing already taken, or null when the listing must be taken from moto first. */
    byte[] cachedPage(Request request) {
        Listing listing = request.offset() == 0 ? null : listings.get(request.key());
        return listing == null ? null : page(listing, request);
    }

    byte[] page(byte[] all, Request request) {
        Listing listing = listing(all);
        if (listing == null) {
            return all;
        }
        listings.put(request.key(), listing);
        return page(listing, request);
    }

    private static byte[] page(Listing listing, Request request) {
        int from = Math.min(request.offset(), listing.members().size());
        int end = Math.min(listing.members().size(), from + request.size());
        StringBuilder xml = new StringBuilder(listing.before());
        listing.members().subList(from, end).forEach(xml::append);
        xml.append(listing.after());
        String page = xml.toString();
        if (end < listing.members().size()) {
            int close = page.indexOf("</MetricAlarms>") + "</MetricAlarms>".length();
            page = page.substring(0, close) + "<NextToken>" + TOKEN + end + "</NextToken>" + page.substring(close);
        }
        return page.getBytes(StandardCharsets.UTF_8);
    }

    private static Listing listing(byte[] all) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(all));
            Element alarms = (Element) document.getElementsByTagNameNS("*", "MetricAlarms").item(0);
            if (alarms == null) {
                return null;
            }
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            List<String> members = new ArrayList<>();
            for (Node child = alarms.getFirstChild(); child != null; ) {
                Node next = child.getNextSibling();
                if (child instanceof Element && "member".equals(child.getLocalName())) {
                    members.add(xml(transformer, child).replace(" xmlns=\"" + alarms.getNamespaceURI() + "\"", ""));
                }
                alarms.removeChild(child);
                child = next;
            }
            String empty = xml(transformer, document);
            int open = empty.indexOf("<MetricAlarms/>");
            String before = empty.substring(0, open) + "<MetricAlarms>";
            String after = "</MetricAlarms>" + empty.substring(open + "<MetricAlarms/>".length());
            return new Listing(before, after, members);
        } catch (Exception e) {
            throw new IllegalStateException("could not page DescribeAlarms: " + e.getMessage(), e);
        }
    }

    private static String xml(Transformer transformer, Node node) throws Exception {
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(node), new StreamResult(out));
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
