/**
 * LEDES XML 2.x (write 2.1; read 2.0, 2.1 and 2.2 roots): the element table (./xml-elements), the
 * writer (./xml-write) and the reader (./xml-read).
 */
export { LEDES_XML_ELEMENTS, LEDES_XML_ROOTS, type LedesXmlElement, type XmlSegment, type XmlValueType } from './xml-elements';
export { buildLedesXml } from './xml-write';
export { parseLedesXml } from './xml-read';
